#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "library_impl.h"
#include "schema.h"

namespace kith::store {

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

Library::Impl::Impl(const std::filesystem::path& f, std::shared_ptr<WriterLock> l, bool readOnly,
                    bool immutable)
    : file(f), lock(std::move(l)), db(f, readOnly, !readOnly, immutable) {}
Library::Impl::~Impl() = default;

namespace {

// Faces deleted since the library was made, counted by a trigger (schema 3).
std::int64_t faceDeletionCount(Database& db) {
    auto query = db.prepare("SELECT count FROM face_deletions WHERE id = 1");
    return query.step() ? query.int64(0) : std::int64_t{0};
}

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

// Kith's mark on its libraries ("KITH"), in the SQLite header's application id.
constexpr std::int64_t kApplicationId = 0x4B495448;

// Whether the database is a Kith library (or a new, empty file that becomes one): another
// program's SQLite database must be refused untouched, not turned into a library. Libraries
// made before the mark are known by their version and their tables.
Status checkIsKithLibrary(Database& db, const std::filesystem::path& file) {
    auto pragma = [&](const char* name) {
        auto query = db.prepare(std::string("PRAGMA ") + name);
        query.step();
        return query.int64(0);
    };
    const std::int64_t application = pragma("application_id"), version = pragma("user_version");
    std::vector<std::string> tables;
    auto query = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    while (query.step())
        tables.push_back(query.text(0));
    auto has = [&](const char* table) {
        return std::find(tables.begin(), tables.end(), table) != tables.end();
    };
    const bool kith = application == kApplicationId ||
                      (application == 0 && (version == 0 ? tables.empty()
                                                         : has("folders") && has("photos") &&
                                                               has("faces") && has("persons")));
    if (kith) return {};
    return makeError(ErrorCode::InvalidArgument,
                     "not a Kith library: another program's SQLite database (left as it is); "
                     "give Kith a new file or one of its own libraries",
                     file.string());
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
        return makeError(ErrorCode::NotFound, "no library here yet", file.string());
    // A FIFO would block the first read for good, a folder fails obscurely: only a file is one.
    if (const auto type = std::filesystem::status(file, ec).type();
        type != std::filesystem::file_type::regular &&
        type != std::filesystem::file_type::not_found)
        return makeError(ErrorCode::StorageError,
                         "not a library: not a regular file (a folder, a pipe or a device)",
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
        try {
            impl->db.exec("PRAGMA foreign_keys = ON");
            impl->db.prepare("PRAGMA application_id").step();  // the first read of the file
        } catch (const SqliteError& e) {
            // A library in a folder this user cannot write (a read-only share, a backup disk,
            // another user's folder): SQLite cannot make the files a WAL library's readers
            // share, yet the library itself can be read.
            if (!readOnly || e.code() != SQLITE_CANTOPEN) throw;
            impl = std::make_unique<Impl>(file, nullptr, true, true);
            impl->db.exec("PRAGMA foreign_keys = ON");
        }
        if (const Status kith = checkIsKithLibrary(impl->db, file); !kith.ok()) return kith.error();
        if (!readOnly) {
            impl->db.exec("PRAGMA journal_mode = WAL");
            impl->db.exec("PRAGMA synchronous = NORMAL");
            migrate(impl->db, impl->schemaVersion, file);
            // Marked once: a library opened and left alone is not written to.
            auto marked = impl->db.prepare("PRAGMA application_id");
            marked.step();
            if (marked.int64(0) != kApplicationId)
                impl->db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
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

Result<std::unique_ptr<Library>> Library::openAnotherWriter() const {
    if (!impl_->lock)
        return makeError(ErrorCode::InvalidArgument, "the library was opened read-only",
                         impl_->file.string());
    try {
        // The schema is up to date and the file in WAL mode: this connection only joins them.
        auto impl = std::make_unique<Impl>(impl_->file, impl_->lock, false);
        impl->db.exec("PRAGMA foreign_keys = ON");
        impl->db.exec("PRAGMA synchronous = NORMAL");
        impl->schemaVersion = impl_->schemaVersion;
        return std::unique_ptr<Library>(new Library(std::move(impl)));
    } catch (const SqliteError& e) {
        return storageError(e, impl_->file);
    }
}

const std::filesystem::path& Library::file() const {
    return impl_->file;
}
int Library::schemaVersion() const {
    return impl_->schemaVersion;
}

Status Library::write(const std::function<void(Writer&)>& changes) {
    return impl_->write(std::nullopt, changes);
}

Status Library::writeUnlessFacesDeleted(std::int64_t deletionsSeen,
                                        const std::function<void(Writer&)>& changes) {
    return impl_->write(deletionsSeen, changes);
}

Status Library::Impl::write(std::optional<std::int64_t> deletionsSeen,
                            const std::function<void(Writer&)>& changes) {
    if (!lock)
        return makeError(ErrorCode::InvalidArgument, "the library was opened read-only",
                         file.string());
    try {
        // The transaction holds the writer lock from its start: no other connection deletes a
        // face between this count and the commit.
        Transaction transaction(db);
        if (deletionsSeen && faceDeletionCount(db) != *deletionsSeen)
            return makeError(ErrorCode::Conflict,
                             "faces were replaced or removed meanwhile; nothing was written",
                             file.string());
        const auto writer = makeSqlWriter(db);
        changes(*writer);
        transaction.commit();
        return {};
    } catch (const SqliteError& e) {
        return storageError(e, file);
    }
}

Status Library::checkIntegrity() {
    std::string problems;
    try {
        auto check = impl_->db.prepare("PRAGMA quick_check(5)");
        while (check.step())
            if (const std::string line = check.text(0); line != "ok")
                problems += (problems.empty() ? "" : "; ") + line;
    } catch (const SqliteError& e) {
        problems = e.what();
    }
    if (problems.empty()) return {};
    return makeError(ErrorCode::StorageError,
                     "the library file is damaged (" + problems +
                         "); nothing was written to it. Restore it from a backup",
                     impl_->file.string());
}

Result<std::vector<Folder>> Library::folders() {
    return impl_->read<std::vector<Folder>>([&] {
        std::vector<Folder> result;
        auto query = impl_->db.prepare(
            "SELECT id, path, coalesce(offline_since, 0) FROM folders ORDER BY path");
        while (query.step())
            result.push_back({query.int64(0), pathFrom(query.blob(1)), query.int64(2)});
        return result;
    });
}

Result<std::vector<PhotoFile>> Library::photoFiles() {
    return impl_->read<std::vector<PhotoFile>>([&] {
        std::vector<PhotoFile> result;
        auto query = impl_->db.prepare(
            "SELECT id, path, size, mtime_ns, content_hash, status, sidecar_mtime_ns, error_code "
            "FROM photos ORDER BY path");
        while (query.step())
            result.push_back({query.int64(0), pathFrom(query.blob(1)), query.int64(2),
                              query.int64(3), query.text(4),
                              static_cast<PhotoStatus>(query.int64(5)), query.int64(6),
                              query.text(7)});
        return result;
    });
}

Result<Counts> Library::counts() {
    return impl_->read<Counts>([&] {
        Counts c;
        auto query = impl_->db.prepare(
            "SELECT (SELECT count(*) FROM folders), (SELECT count(*) FROM photos), "
            "(SELECT count(*) FROM faces), (SELECT count(*) FROM photos WHERE status = 2), "
            "(SELECT count(*) FROM photos WHERE status = 0), "
            "(SELECT count(DISTINCT person_id) FROM face_person)");
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
        f.dismissed = query.int64(11) != 0;
        result.push_back(f);
    }
    return result;
}

constexpr const char* kFaceColumns =
    "SELECT id, photo_id, x, y, width, height, score, landmarks, embedding, model, origin, "
    "dismissed FROM faces ";

}  // namespace

Result<std::vector<Face>> Library::faces() {
    return impl_->read<std::vector<Face>>([&] {
        auto query = impl_->db.prepare(std::string(kFaceColumns) + "ORDER BY photo_id, id");
        return readFaces(query);
    });
}

Status Library::forEachEmbedding(const std::function<void(const EmbeddingRow&)>& visit, Id after) {
    try {
        auto query = impl_->db.prepare(
            "SELECT id, photo_id, dismissed, embedding, max(width, height) FROM faces "
            "WHERE id > ? ORDER BY id");
        query.bind(1, after);
        std::array<float, kEmbeddingSize> embedding{};
        while (query.step()) {
            copyBlob(query.blob(3), embedding);
            visit({query.int64(0), query.int64(1), query.int64(2) != 0,
                   static_cast<float>(query.real(4)), embedding});
        }
        return {};
    } catch (const SqliteError& e) {
        return storageError(e, impl_->file);
    }
}

Result<std::vector<Face>> Library::facesById(std::span<const Id> ids) {
    return impl_->read<std::vector<Face>>([&] {
        auto query = impl_->db.prepare(std::string(kFaceColumns) + "WHERE id = ?");
        std::vector<Face> result;
        for (Id id : ids) {
            query.reset();
            query.bind(1, id);
            auto one = readFaces(query);
            result.insert(result.end(), one.begin(), one.end());
        }
        return result;
    });
}

Result<std::optional<std::filesystem::path>> Library::photoPath(Id photo) {
    return impl_->read<std::optional<std::filesystem::path>>(
        [&]() -> std::optional<std::filesystem::path> {
            auto query = impl_->db.prepare("SELECT path FROM photos WHERE id = ?");
            query.bind(1, photo);
            if (!query.step()) return std::nullopt;
            return pathFrom(query.blob(0));
        });
}

Result<std::int64_t> Library::faceDeletions() {
    return impl_->read<std::int64_t>([&] { return faceDeletionCount(impl_->db); });
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

Status Library::copyTo(const std::filesystem::path& file) {
    try {
        auto vacuum = impl_->db.prepare("VACUUM INTO ?");
        vacuum.bind(1, file.string()).run();
        return {};
    } catch (const SqliteError& e) {
        return storageError(e, impl_->file);
    }
}

}  // namespace kith::store
