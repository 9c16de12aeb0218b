#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kith/scan.h"

namespace kith::scan {
namespace {

std::int64_t nanoseconds(const struct timespec& t) {
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

Error statError(const std::filesystem::path& path, int error) {
    if (error == ENOENT || error == ENOTDIR)
        return makeError(ErrorCode::NotFound, "the file does not exist (or vanished)",
                         path.string());
    if (error == ELOOP)
        return makeError(ErrorCode::Unreadable, "a symbolic link loop", path.string());
    return makeError(ErrorCode::Unreadable, std::string("cannot read it: ") + std::strerror(error),
                     path.string());
}

FileSystem::Entry entryOf(const std::filesystem::path& path, const struct stat& st) {
    FileSystem::Entry e;
    e.path = path;
    e.isDirectory = S_ISDIR(st.st_mode);
    e.isRegularFile = S_ISREG(st.st_mode);
    e.size = static_cast<std::int64_t>(st.st_size);
    e.mtimeNs = nanoseconds(st.st_mtim);
    e.device = st.st_dev;
    e.inode = st.st_ino;
    return e;
}

// POSIX calls rather than std::filesystem: names are bytes (any encoding), and errors are values.
class RealFileSystem final : public FileSystem {
  public:
    Result<std::vector<Entry>> list(const std::filesystem::path& folder) override {
        DIR* dir = ::opendir(folder.c_str());
        if (!dir) return statError(folder, errno);
        std::vector<Entry> entries;
        while (const dirent* d = ::readdir(dir)) {
            const std::string name = d->d_name;
            if (name == "." || name == "..") continue;
            const std::filesystem::path path = folder / name;
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0) {
                // A dangling symlink or a file gone since readdir: report it as an entry that is
                // neither a file nor a folder, so the caller can say so.
                Entry e;
                e.path = path;
                entries.push_back(e);
                continue;
            }
            entries.push_back(entryOf(path, st));
        }
        ::closedir(dir);
        return entries;
    }

    Result<Entry> stat(const std::filesystem::path& path) override {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return statError(path, errno);
        return entryOf(path, st);
    }

    Result<std::vector<unsigned char>> read(const std::filesystem::path& file,
                                            std::uint64_t maxBytes) override {
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return statError(file, errno);
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            const int error = errno;
            ::close(fd);
            return statError(file, error);
        }
        std::vector<unsigned char> bytes(
            std::min<std::uint64_t>(maxBytes, static_cast<std::uint64_t>(st.st_size)));
        size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                const int error = errno;
                ::close(fd);
                return statError(file, error);
            }
            if (n == 0) break;  // shrank while we read
            done += static_cast<size_t>(n);
        }
        ::close(fd);
        bytes.resize(done);
        return bytes;
    }
};

}  // namespace

std::unique_ptr<FileSystem> realFileSystem() {
    return std::make_unique<RealFileSystem>();
}

}  // namespace kith::scan
