// kith::scan — what is on disk: recursive discovery of photos (by content, hidden folders
// skipped, symlink loops safe) through a small file-system interface that tests can fault.
//
// Thread-safety: FileSystem implementations must allow concurrent calls (workers read photos in
// parallel); discover() is a plain function.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "kith/common/result.h"

namespace kith::scan {

/// The file system as the scanner sees it: a seam, so tests can make a file vanish mid-scan.
class FileSystem {
  public:
    struct Entry {
        std::filesystem::path path;
        bool isDirectory = false;    // after following symlinks
        bool isRegularFile = false;  // after following symlinks
        std::int64_t size = 0;
        std::int64_t mtimeNs = 0;
        std::uint64_t device = 0, inode = 0;  // identity of what a symlink points to
    };
    virtual ~FileSystem() = default;
    /// The entries of a folder (not recursive), following symlinks for their type and size.
    virtual Result<std::vector<Entry>> list(const std::filesystem::path& folder) = 0;
    /// What `path` is, following symlinks. Errors: NotFound, Unreadable.
    virtual Result<Entry> stat(const std::filesystem::path& path) = 0;
    /// The first `maxBytes` bytes of a file (all of it if shorter).
    virtual Result<std::vector<unsigned char>> read(const std::filesystem::path& file,
                                                    std::uint64_t maxBytes) = 0;
};

/// The real one.
std::unique_ptr<FileSystem> realFileSystem();

/// A file found on disk that may be a photo.
struct FoundFile {
    std::filesystem::path path;
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
    size_t root = 0;  // index into the roots given to discover()
};

struct Discovery {
    std::vector<FoundFile> files;  // sorted by path
    std::vector<Error> problems;   // folders that could not be read, symlink loops skipped
    /// Folders (roots or below) that could not be read: missing, not a folder, or unlistable.
    /// What the library knows under them is out of reach, not gone.
    std::vector<std::filesystem::path> unreachable;
    bool isUnreachable(const std::filesystem::path& folder) const {
        return std::find(unreachable.begin(), unreachable.end(), folder) != unreachable.end();
    }
    /// Roots that hold nothing at all: what an unmounted drive's mount point looks like.
    std::vector<size_t> emptyRoots;
    /// XMP sidecars (".xmp" files) beside the photos, by path: their modification times.
    std::unordered_map<std::string, std::int64_t> sidecars;
};

/// Every file under `roots` that is a photo Kith reads (by its first bytes) or claims to be one
/// by its name (it will be recorded with an error: a bad photo is the user's business, a text
/// file is not). Hidden files and folders (".name") are skipped; a folder reached twice through
/// symlinks is walked once. Files the library already knows are not read again when
/// `known(path)` says so, which keeps a rescan to a walk and a stat per file.
Discovery discover(FileSystem& fs, std::span<const std::filesystem::path> roots,
                   const std::function<bool(const std::filesystem::path&)>& known);

/// Whether a file name claims an image format (".jpg", ".heic", ".cr2", ...).
bool hasImageExtension(const std::filesystem::path& path);

}  // namespace kith::scan
