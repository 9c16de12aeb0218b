#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xxhash.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "kith/store.h"
#include "schema.h"
#include "sqlite.h"

namespace kith::store {
namespace {

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::span<const std::byte> pathBytes(const std::filesystem::path& path) {
    const std::string& native = path.native();
    return {reinterpret_cast<const std::byte*>(native.data()), native.size()};
}

std::filesystem::path pathFrom(const std::vector<std::byte>& bytes) {
    return std::filesystem::path(
        std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

template <typename T, size_t N>
std::span<const std::byte> bytesOf(const std::array<T, N>& values) {
    return std::as_bytes(std::span<const T, N>(values));
}

template <typename T, size_t N>
void copyBlob(const std::vector<std::byte>& blob, std::array<T, N>& out) {
    if (blob.size() == sizeof(T) * N) std::memcpy(out.data(), blob.data(), blob.size());
}

Error storageError(const SqliteError& e, const std::filesystem::path& file) {
    return makeError(ErrorCode::StorageError,
                     std::string("the library database failed: ") + e.what(), file.string());
}

// An exclusive advisory lock on "<library>.lock", held while the library is open for writing.
// The kernel drops it when the process ends, however it ends.
class WriterLock {
  public:
    static Result<std::unique_ptr<WriterLock>> acquire(const std::filesystem::path& library) {
        const std::filesystem::path file = library.string() + ".lock";
        const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            return makeError(ErrorCode::StorageError,
                             std::string("cannot create the lock file: ") + std::strerror(errno),
                             file.string());
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            char holder[32] = {};
            const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
            ::close(fd);
            const std::string pid = n > 0 ? std::string(holder, static_cast<size_t>(n)) : "unknown";
            return makeError(ErrorCode::Busy,
                             "another Kith process (pid " + pid.substr(0, pid.find('\n')) +
                                 ") is writing this library; wait for it to finish or stop it",
                             library.string());
        }
        const std::string pid = std::to_string(::getpid()) + "\n";
        if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
            // The lock is what matters; the pid is only for the message above.
        }
        return std::unique_ptr<WriterLock>(new WriterLock(fd));
    }
    ~WriterLock() { ::close(fd_); }

  private:
    explicit WriterLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace

struct Library::Impl {
    std::filesystem::path file;
    std::unique_ptr<WriterLock> lock;  // held when writable
    Database db;
    int schemaVersion = 0;

    Impl(const std::filesystem::path& f, std::unique_ptr<WriterLock> l, bool readOnly)
        : file(f), lock(std::move(l)), db(f, readOnly, !readOnly) {}

    template <typename T, typename Read>
    Result<T> read(Read&& body) {
        try {
            return body();
        } catch (const SqliteError& e) {
            return storageError(e, file);
        }
    }
};

namespace {

class SqlWriter final : public Library::Writer {
  public:
    explicit SqlWriter(Database& db) : db_(db) {}

    Id addFolder(const std::filesystem::path& path) override {
        auto insert = db_.prepare("INSERT OR IGNORE INTO folders(path, added_at) VALUES (?, ?)");
        insert.bindBlob(1, pathBytes(path)).bind(2, nowSeconds()).run();
        auto select = db_.prepare("SELECT id FROM folders WHERE path = ?");
        select.bindBlob(1, pathBytes(path));
        select.step();
        return select.int64(0);
    }

    void removeFolder(const std::filesystem::path& path) override {
        db_.prepare("DELETE FROM folders WHERE path = ?").bindBlob(1, pathBytes(path)).run();
    }

    Id addPendingPhoto(const std::filesystem::path& path, Id folder, std::int64_t size,
                       std::int64_t mtimeNs) override {
        auto insert = db_.prepare(
            "INSERT INTO photos(path, folder_id, size, mtime_ns, status, updated_at) "
            "VALUES (?, ?, ?, ?, 0, ?)");
        insert.bindBlob(1, pathBytes(path)).bind(2, folder).bind(3, size).bind(4, mtimeNs);
        insert.bind(5, nowSeconds()).run();
        return db_.lastInsertId();
    }

    void recordAnalysis(Id photo, std::int64_t size, std::int64_t mtimeNs, const PhotoInfo& info,
                        const std::vector<Face>& faces, const std::string& model) override {
        updateFileState(photo, size, mtimeNs);
        auto update = db_.prepare(
            "UPDATE photos SET content_hash = ?, format = ?, width = ?, height = ?, "
            "orientation = ?, taken_at = ?, camera = ?, status = 1, error_code = NULL, "
            "error = ?, model = ?, updated_at = ? WHERE id = ?");
        update.bind(1, info.contentHash).bind(2, info.format);
        update.bind(3, std::int64_t{info.width}).bind(4, std::int64_t{info.height});
        update.bind(5, std::int64_t{info.orientation});
        if (info.takenAt.empty())
            update.bindNull(6);
        else
            update.bind(6, info.takenAt);
        if (info.camera.empty())
            update.bindNull(7);
        else
            update.bind(7, info.camera);
        if (info.warning.empty())
            update.bindNull(8);
        else
            update.bind(8, info.warning);
        update.bind(9, model).bind(10, nowSeconds()).bind(11, photo).run();
        db_.prepare("DELETE FROM faces WHERE photo_id = ?").bind(1, photo).run();
        auto insert = db_.prepare(
            "INSERT INTO faces(photo_id, x, y, width, height, score, landmarks, embedding, model, "
            "origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const Face& face : faces) {
            insert.bind(1, photo).bind(2, double{face.x}).bind(3, double{face.y});
            insert.bind(4, double{face.width}).bind(5, double{face.height});
            insert.bind(6, double{face.score}).bindBlob(7, bytesOf(face.landmarks));
            insert.bindBlob(8, bytesOf(face.embedding)).bind(9, model);
            insert.bind(10, static_cast<std::int64_t>(face.origin)).run();
        }
    }

    void recordFailure(Id photo, std::int64_t size, std::int64_t mtimeNs,
                       const Error& error) override {
        updateFileState(photo, size, mtimeNs);
        auto update = db_.prepare(
            "UPDATE photos SET status = 2, error_code = ?, error = ?, updated_at = ? WHERE id = ?");
        update.bind(1, std::string(errorCodeName(error.code))).bind(2, error.message);
        update.bind(3, nowSeconds()).bind(4, photo).run();
        db_.prepare("DELETE FROM faces WHERE photo_id = ?").bind(1, photo).run();
    }

    void movePhoto(Id photo, const std::filesystem::path& newPath, Id folder, std::int64_t size,
                   std::int64_t mtimeNs) override {
        db_.prepare("DELETE FROM photos WHERE path = ? AND id <> ?")
            .bindBlob(1, pathBytes(newPath))
            .bind(2, photo)
            .run();
        auto update = db_.prepare(
            "UPDATE photos SET path = ?, folder_id = ?, size = ?, mtime_ns = ?, updated_at = ? "
            "WHERE id = ?");
        update.bindBlob(1, pathBytes(newPath)).bind(2, folder).bind(3, size).bind(4, mtimeNs);
        update.bind(5, nowSeconds()).bind(6, photo).run();
    }

    void updateFileState(Id photo, std::int64_t size, std::int64_t mtimeNs) override {
        auto update =
            db_.prepare("UPDATE photos SET size = ?, mtime_ns = ?, updated_at = ? WHERE id = ?");
        update.bind(1, size).bind(2, mtimeNs).bind(3, nowSeconds()).bind(4, photo).run();
    }

    void removePhotos(std::span<const Id> photos) override {
        auto remove = db_.prepare("DELETE FROM photos WHERE id = ?");
        for (Id photo : photos)
            remove.bind(1, photo).run();
    }

  private:
    Database& db_;
};

void migrate(Database& db, int& version, const std::filesystem::path& file) {
    auto query = db.prepare("PRAGMA user_version");
    query.step();
    version = static_cast<int>(query.int64(0));
    query.reset();
    const auto& steps = migrations();
    if (version > static_cast<int>(steps.size()))
        throw SqliteError("the library was written by a newer Kith (schema " +
                              std::to_string(version) + ", this Kith knows up to " +
                              std::to_string(steps.size()) + ")",
                          0);
    for (; version < static_cast<int>(steps.size()); ++version) {
        Transaction transaction(db);
        db.exec(steps[version]);
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        transaction.commit();
    }
    (void)file;
}

}  // namespace

Library::Library(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Library::~Library() = default;

int Library::currentSchemaVersion() {
    return static_cast<int>(migrations().size());
}

std::filesystem::path Library::defaultPath() {
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
        return std::filesystem::path(data) / "kith" / "library.db";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / ".local" / "share" / "kith" / "library.db";
}

Result<std::unique_ptr<Library>> Library::open(const std::filesystem::path& file, Access access) {
    const bool readOnly = access == Access::ReadOnly;
    std::error_code ec;
    if (readOnly && !std::filesystem::exists(file, ec))
        return makeError(ErrorCode::NotFound,
                         "no library here yet (scan a folder first: kith-cli scan DIR)",
                         file.string());
    std::unique_ptr<WriterLock> lock;
    if (!readOnly) {
        if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
        auto acquired = WriterLock::acquire(file);
        if (!acquired.ok()) return acquired.error();
        lock = std::move(acquired.value());
    }
    try {
        auto impl = std::make_unique<Impl>(file, std::move(lock), readOnly);
        // Not a SQLite file at all fails here, with SQLITE_NOTADB.
        impl->db.exec("PRAGMA foreign_keys = ON");
        if (!readOnly) {
            impl->db.exec("PRAGMA journal_mode = WAL");
            impl->db.exec("PRAGMA synchronous = NORMAL");
            migrate(impl->db, impl->schemaVersion, file);
        } else {
            auto query = impl->db.prepare("PRAGMA user_version");
            query.step();
            impl->schemaVersion = static_cast<int>(query.int64(0));
            if (impl->schemaVersion != currentSchemaVersion())
                return makeError(ErrorCode::StorageError,
                                 "the library's schema is version " +
                                     std::to_string(impl->schemaVersion) + ", this Kith reads " +
                                     std::to_string(currentSchemaVersion()) +
                                     " (open it for writing once to migrate it)",
                                 file.string());
        }
        return std::unique_ptr<Library>(new Library(std::move(impl)));
    } catch (const SqliteError& e) {
        return makeError(
            ErrorCode::StorageError,
            std::string("cannot open the library (is it a Kith library?): ") + e.what(),
            file.string());
    }
}

const std::filesystem::path& Library::file() const {
    return impl_->file;
}
int Library::schemaVersion() const {
    return impl_->schemaVersion;
}

Status Library::write(const std::function<void(Writer&)>& changes) {
    if (!impl_->lock)
        return makeError(ErrorCode::InvalidArgument, "the library was opened read-only",
                         impl_->file.string());
    try {
        Transaction transaction(impl_->db);
        SqlWriter writer(impl_->db);
        changes(writer);
        transaction.commit();
        return {};
    } catch (const SqliteError& e) {
        return storageError(e, impl_->file);
    }
}

Result<std::vector<Folder>> Library::folders() {
    return impl_->read<std::vector<Folder>>([&] {
        std::vector<Folder> result;
        auto query = impl_->db.prepare("SELECT id, path FROM folders ORDER BY path");
        while (query.step())
            result.push_back({query.int64(0), pathFrom(query.blob(1))});
        return result;
    });
}

Result<std::vector<PhotoFile>> Library::photoFiles() {
    return impl_->read<std::vector<PhotoFile>>([&] {
        std::vector<PhotoFile> result;
        auto query = impl_->db.prepare(
            "SELECT id, path, size, mtime_ns, content_hash, status FROM photos ORDER BY path");
        while (query.step())
            result.push_back({query.int64(0), pathFrom(query.blob(1)), query.int64(2),
                              query.int64(3), query.text(4),
                              static_cast<PhotoStatus>(query.int64(5))});
        return result;
    });
}

Result<Counts> Library::counts() {
    return impl_->read<Counts>([&] {
        Counts c;
        auto query = impl_->db.prepare(
            "SELECT (SELECT count(*) FROM folders), (SELECT count(*) FROM photos), "
            "(SELECT count(*) FROM faces), (SELECT count(*) FROM photos WHERE status = 2), "
            "(SELECT count(*) FROM photos WHERE status = 0), (SELECT count(*) FROM persons)");
        query.step();
        c.folders = query.int64(0);
        c.photos = query.int64(1);
        c.faces = query.int64(2);
        c.errors = query.int64(3);
        c.pending = query.int64(4);
        c.persons = query.int64(5);
        return c;
    });
}

Result<std::vector<PhotoError>> Library::errors() {
    return impl_->read<std::vector<PhotoError>>([&] {
        std::vector<PhotoError> result;
        auto query = impl_->db.prepare(
            "SELECT path, error_code, error FROM photos WHERE status = 2 ORDER BY path");
        while (query.step())
            result.push_back({pathFrom(query.blob(0)), query.text(1), query.text(2)});
        return result;
    });
}

namespace {

std::vector<Face> readFaces(Statement& query) {
    std::vector<Face> result;
    while (query.step()) {
        Face f;
        f.id = query.int64(0);
        f.photoId = query.int64(1);
        f.x = static_cast<float>(query.real(2));
        f.y = static_cast<float>(query.real(3));
        f.width = static_cast<float>(query.real(4));
        f.height = static_cast<float>(query.real(5));
        f.score = static_cast<float>(query.real(6));
        copyBlob(query.blob(7), f.landmarks);
        copyBlob(query.blob(8), f.embedding);
        f.model = query.text(9);
        f.origin = static_cast<FaceOrigin>(query.int64(10));
        result.push_back(f);
    }
    return result;
}

constexpr const char* kFaceColumns =
    "SELECT id, photo_id, x, y, width, height, score, landmarks, embedding, model, origin "
    "FROM faces ";

}  // namespace

Result<std::vector<Face>> Library::faces() {
    return impl_->read<std::vector<Face>>([&] {
        auto query = impl_->db.prepare(std::string(kFaceColumns) + "ORDER BY photo_id, id");
        return readFaces(query);
    });
}

Result<std::vector<Face>> Library::facesOfPhoto(Id photo) {
    return impl_->read<std::vector<Face>>([&] {
        auto query =
            impl_->db.prepare(std::string(kFaceColumns) + "WHERE photo_id = ? ORDER BY id");
        query.bind(1, photo);
        return readFaces(query);
    });
}

Result<std::optional<PhotoInfo>> Library::photoInfo(Id photo) {
    return impl_->read<std::optional<PhotoInfo>>([&]() -> std::optional<PhotoInfo> {
        auto query = impl_->db.prepare(
            "SELECT content_hash, format, width, height, orientation, taken_at, camera, error "
            "FROM photos WHERE id = ?");
        query.bind(1, photo);
        if (!query.step()) return std::nullopt;
        return PhotoInfo{query.text(0),
                         query.text(1),
                         static_cast<int>(query.int64(2)),
                         static_cast<int>(query.int64(3)),
                         static_cast<int>(query.int64(4)),
                         query.text(5),
                         query.text(6),
                         query.text(7)};
    });
}

Result<std::vector<std::string>> Library::canonicalDump() {
    return impl_->read<std::vector<std::string>>([&] {
        std::vector<std::string> lines;
        auto photos = impl_->db.prepare(
            "SELECT id, path, size, mtime_ns, content_hash, format, width, height, orientation, "
            "taken_at, camera, status, error_code, error FROM photos ORDER BY path");
        auto faces = impl_->db.prepare(
            "SELECT x, y, width, height, score, landmarks, embedding, model, origin FROM faces "
            "WHERE photo_id = ? ORDER BY id");
        while (photos.step()) {
            std::ostringstream line;
            line << "photo " << pathFrom(photos.blob(1)).string();
            for (int c = 2; c <= 13; ++c)
                line << " | " << photos.text(c);
            lines.push_back(line.str());
            faces.bind(1, photos.int64(0));
            while (faces.step()) {
                std::ostringstream face;
                char numbers[128];
                std::snprintf(numbers, sizeof numbers, "%.3f %.3f %.3f %.3f %.5f", faces.real(0),
                              faces.real(1), faces.real(2), faces.real(3), faces.real(4));
                const auto landmarks = faces.blob(5), embedding = faces.blob(6);
                face << "  face " << numbers << " landmarks " << std::hex
                     << XXH64(landmarks.data(), landmarks.size(), 0) << " embedding "
                     << XXH64(embedding.data(), embedding.size(), 0) << std::dec << " "
                     << faces.text(7) << " " << faces.int64(8);
                lines.push_back(face.str());
            }
            faces.reset();
        }
        return lines;
    });
}

}  // namespace kith::store
