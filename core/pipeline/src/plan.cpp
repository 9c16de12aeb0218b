#include <algorithm>
#include <unordered_map>

#include "kith/pipeline.h"

namespace kith::pipeline {
namespace {

bool under(const std::filesystem::path& path, const std::filesystem::path& root) {
    const std::string& p = path.native();
    const std::string& r = root.native();
    return p.size() > r.size() && p.compare(0, r.size(), r) == 0 &&
           (r.back() == '/' || p[r.size()] == '/');
}

// The newest of a photo's sidecars found on disk; 0 when it has none.
std::int64_t sidecarTime(const scan::Discovery& discovery, const std::filesystem::path& photo) {
    std::int64_t newest = 0;
    for (const auto& sidecar : metadata::sidecarsOf(photo))
        if (const auto it = discovery.sidecars.find(sidecar.native());
            it != discovery.sidecars.end())
            newest = std::max(newest, it->second);
    return newest;
}

}  // namespace

Plan plan(const scan::Discovery& discovery, std::span<const std::filesystem::path> roots,
          std::span<const store::Id> folderIds, const std::vector<store::PhotoFile>& known) {
    Plan result;
    std::unordered_map<std::string, const store::PhotoFile*> byPath;
    for (const store::PhotoFile& photo : known)
        byPath[photo.path.native()] = &photo;

    std::unordered_map<std::string, bool> seen;
    for (const scan::FoundFile& file : discovery.files) {
        seen[file.path.native()] = true;
        Work work;
        work.path = file.path;
        work.size = file.size;
        work.mtimeNs = file.mtimeNs;
        work.folder = folderIds[file.root];
        work.sidecarMtimeNs = sidecarTime(discovery, file.path);
        const auto it = byPath.find(file.path.native());
        if (it == byPath.end()) {
            ++result.added;
        } else {
            const store::PhotoFile& photo = *it->second;
            const bool sameFile = photo.size == file.size && photo.mtimeNs == file.mtimeNs;
            if (sameFile && photo.status != store::PhotoStatus::Pending) {
                ++result.unchanged;
                if (photo.status == store::PhotoStatus::Done &&
                    work.sidecarMtimeNs != photo.sidecarMtimeNs) {
                    work.photo = photo.id;
                    work.knownHash = photo.contentHash;
                    work.namesOnly = true;
                    ++result.sidecarsChanged;
                    result.work.push_back(work);
                }
                continue;
            }
            work.photo = photo.id;
            work.knownHash = photo.contentHash;
            work.wasDone = photo.status == store::PhotoStatus::Done;
            ++(sameFile ? result.resumed : result.changed);
        }
        result.work.push_back(work);
    }
    for (const store::PhotoFile& photo : known) {
        if (seen.count(photo.path.native())) continue;
        for (const auto& root : roots)
            if (under(photo.path, root)) {
                result.gone.push_back(photo);
                break;
            }
    }
    return result;
}

}  // namespace kith::pipeline
