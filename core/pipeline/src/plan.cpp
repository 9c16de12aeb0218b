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

bool underAny(const std::filesystem::path& path, std::span<const std::filesystem::path> folders) {
    return std::any_of(folders.begin(), folders.end(),
                       [&](const std::filesystem::path& f) { return under(path, f); });
}

// A failure that may pass without the file changing: a permission, a file that vanished while
// it was read, a drive that went away.
bool mayPass(const std::string& errorCode) {
    return errorCode == errorCodeName(ErrorCode::Unreadable) ||
           errorCode == errorCodeName(ErrorCode::NotFound);
}

// Roots out of reach: unreadable, or empty although the library knows photos under them (an
// unmounted drive's mount point is an empty folder; a user who deleted every photo loses
// nothing by the photos waiting for the next scan that finds the folder holding anything).
std::vector<size_t> offlineRoots(const scan::Discovery& discovery,
                                 std::span<const std::filesystem::path> roots,
                                 const std::vector<store::PhotoFile>& known) {
    std::vector<size_t> offline;
    for (size_t root = 0; root < roots.size(); ++root) {
        const bool empty = std::find(discovery.emptyRoots.begin(), discovery.emptyRoots.end(),
                                     root) != discovery.emptyRoots.end();
        auto holdsKnown = [&] {
            return std::any_of(known.begin(), known.end(),
                               [&](const auto& photo) { return under(photo.path, roots[root]); });
        };
        if (discovery.isUnreachable(roots[root]) || (empty && holdsKnown()))
            offline.push_back(root);
    }
    return offline;
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
          std::span<const store::Id> folderIds, const std::vector<store::PhotoFile>& known,
          const std::function<bool(const std::string& contentHash)>& thumbnailMissing) {
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
            const bool retry =
                photo.status == store::PhotoStatus::Failed && mayPass(photo.errorCode);
            if (sameFile && photo.status != store::PhotoStatus::Pending && !retry) {
                ++result.unchanged;
                if (photo.status == store::PhotoStatus::Done &&
                    work.sidecarMtimeNs != photo.sidecarMtimeNs) {
                    work.photo = photo.id;
                    work.knownHash = photo.contentHash;
                    work.namesOnly = true;
                    ++result.sidecarsChanged;
                    result.work.push_back(work);
                } else if (photo.status == store::PhotoStatus::Done && thumbnailMissing &&
                           thumbnailMissing(photo.contentHash)) {
                    work.photo = photo.id;
                    work.knownHash = photo.contentHash;
                    work.thumbnailsOnly = true;
                    ++result.thumbnailsMissing;
                    result.work.push_back(work);
                }
                continue;
            }
            work.photo = photo.id;
            work.knownHash = photo.contentHash;
            work.wasDone = photo.status == store::PhotoStatus::Done;
            if (sameFile && retry)
                ++result.retried;
            else
                ++(sameFile ? result.resumed : result.changed);
        }
        result.work.push_back(work);
    }
    result.offlineRoots = offlineRoots(discovery, roots, known);
    std::vector<std::filesystem::path> outOfReach = discovery.unreachable;
    for (size_t root : result.offlineRoots)
        outOfReach.push_back(roots[root]);
    for (const store::PhotoFile& photo : known) {
        if (seen.count(photo.path.native()) || !underAny(photo.path, roots)) continue;
        if (underAny(photo.path, outOfReach))
            ++result.offline;
        else
            result.gone.push_back(photo);
    }
    return result;
}

}  // namespace kith::pipeline
