#include <algorithm>
#include <array>
#include <climits>
#include <set>

#include "kith/image.h"
#include "kith/scan.h"

namespace kith::scan {
namespace {

bool hidden(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

std::string lowerExtension(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

bool isSidecar(const std::filesystem::path& path) {
    return lowerExtension(path) == ".xmp";
}

}  // namespace

bool hasImageExtension(const std::filesystem::path& path) {
    static const std::array<const char*, 26> extensions = {
        ".jpg",  ".jpeg", ".jpe",  ".jfif", ".png", ".webp", ".tif", ".tiff", ".bmp",
        ".heic", ".heif", ".avif", ".gif",  ".jxl", ".dng",  ".cr2", ".cr3",  ".nef",
        ".arw",  ".orf",  ".rw2",  ".raf",  ".srw", ".pef",  ".raw", ".psd"};
    const std::string extension = lowerExtension(path);
    return std::find(extensions.begin(), extensions.end(), extension) != extensions.end();
}

Discovery discover(FileSystem& fs, std::span<const std::filesystem::path> roots,
                   const std::function<bool(const std::filesystem::path&)>& known) {
    Discovery found;
    std::set<std::pair<std::uint64_t, std::uint64_t>> visited;  // folders walked, by identity
    for (size_t root = 0; root < roots.size(); ++root) {
        auto top = fs.stat(roots[root]);
        if (!top.ok() || !top.value().isDirectory) {
            found.problems.push_back(top.ok() ? makeError(ErrorCode::InvalidArgument,
                                                          "not a folder", roots[root].string())
                                              : top.error());
            found.unreachable.push_back(roots[root]);
            continue;
        }
        std::vector<FileSystem::Entry> folders = {top.value()};
        while (!folders.empty()) {
            const FileSystem::Entry folder = folders.back();
            folders.pop_back();
            if (!visited.insert({folder.device, folder.inode}).second) continue;  // loop
            auto entries = fs.list(folder.path);
            if (!entries.ok()) {
                found.problems.push_back(entries.error());
                found.unreachable.push_back(folder.path);
                continue;
            }
            if (entries.value().empty() && folder.path == top.value().path)
                found.emptyRoots.push_back(root);
            for (const FileSystem::Entry& entry : entries.value()) {
                if (hidden(entry.path)) continue;
                if (entry.isDirectory) {
                    folders.push_back(entry);
                    continue;
                }
                if (!entry.isRegularFile) {
                    // Past the longest path the system takes, nothing can be read or even told
                    // apart: said, not skipped without a word.
                    if (entry.path.native().size() >= PATH_MAX)
                        found.problems.push_back(makeError(
                            ErrorCode::Unreadable,
                            "the path is longer than the system allows (" +
                                std::to_string(entry.path.native().size()) + " bytes, at most " +
                                std::to_string(PATH_MAX - 1) + "): not scanned",
                            entry.path.string()));
                    continue;
                }
                if (isSidecar(entry.path)) {
                    found.sidecars.emplace(entry.path.native(), entry.mtimeNs);
                    continue;
                }
                bool candidate = known(entry.path) || hasImageExtension(entry.path);
                if (!candidate) {
                    // A photo under any name is still a photo: look at its first bytes.
                    auto head = fs.read(entry.path, 32);
                    candidate =
                        head.ok() && image::sniffFormat(head.value()) != image::Format::Unknown;
                }
                if (candidate) found.files.push_back({entry.path, entry.size, entry.mtimeNs, root});
            }
        }
    }
    std::sort(found.files.begin(), found.files.end(),
              [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
    found.files.erase(
        std::unique(found.files.begin(), found.files.end(),
                    [](const FoundFile& a, const FoundFile& b) { return a.path == b.path; }),
        found.files.end());
    return found;
}

}  // namespace kith::scan
