// The library file (issue 5): schema and migrations, every statement on a fresh schema, one
// writer at a time, names that are not UTF-8, and errors that name the problem.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "kith/store.h"
#include "library_support.h"
#include "test_support.h"

using namespace kith;
using store::Access;
using store::Library;

namespace {

std::unique_ptr<Library> openOrFail(const std::filesystem::path& file,
                                    Access access = Access::ReadWrite) {
    auto library = Library::open(file, access);
    INFO((library.ok() ? std::string() : library.error().describe()));
    REQUIRE(library.ok());
    return std::move(library.value());
}

store::Face someFace(float x) {
    store::Face f;
    f.x = x, f.y = 20, f.width = 64, f.height = 80, f.score = 0.9f;
    for (size_t i = 0; i < f.embedding.size(); ++i)
        f.embedding[i] = static_cast<float>(i) / 1000;
    for (size_t i = 0; i < f.landmarks.size(); ++i)
        f.landmarks[i] = static_cast<float>(i);
    return f;
}

}  // namespace

TEST_CASE("a new library is created at the current schema, with WAL and foreign keys", "[store]") {
    test::TempDir dir;
    auto library = openOrFail(dir / "nested" / "library.db");
    CHECK(library->schemaVersion() == Library::currentSchemaVersion());
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "nested" / "library.db").c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) == "wal");
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

TEST_CASE("every write and read works on a fresh schema, and faces travel whole", "[store]") {
    test::TempDir dir;
    auto library = openOrFail(dir / "library.db");
    store::Id folder = 0, first = 0, second = 0;
    REQUIRE(library
                ->write([&](Library::Writer& w) {
                    folder = w.addFolder("/photos");
                    CHECK(w.addFolder("/photos") == folder);  // idempotent
                    first = w.addPendingPhoto("/photos/a.jpg", folder, 100, 1);
                    second = w.addPendingPhoto("/photos/b.jpg", folder, 200, 2);
                })
                .ok());
    CHECK(library->counts().value().pending == 2);

    store::PhotoInfo info{"0123abcd", "JPEG", 640, 480, 6, "2019-03-14T15:41:13", "NIKON D750", ""};
    REQUIRE(library
                ->write([&](Library::Writer& w) {
                    w.recordAnalysis(first, 101, 3, info, {someFace(10), someFace(300)}, "model-x");
                    w.recordFailure(second, 200, 2,
                                    makeError(ErrorCode::CorruptData, "the file is truncated"));
                })
                .ok());
    const auto counts = library->counts().value();
    CHECK(counts.photos == 2);
    CHECK(counts.faces == 2);
    CHECK(counts.errors == 1);
    CHECK(counts.pending == 0);
    const auto faces = library->facesOfPhoto(first).value();
    REQUIRE(faces.size() == 2);
    CHECK(faces[1].x == 300.f);
    CHECK(faces[0].embedding == someFace(10).embedding);
    CHECK(faces[0].landmarks == someFace(10).landmarks);
    CHECK(faces[0].model == "model-x");
    CHECK(library->photoInfo(first).value()->camera == "NIKON D750");
    const auto errors = library->errors().value();
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "/photos/b.jpg");
    CHECK(errors[0].code == "corrupt-data");

    // A move keeps the photo's row, hence its faces.
    REQUIRE(library
                ->write([&](Library::Writer& w) {
                    w.addPendingPhoto("/photos/renamed.jpg", folder, 101, 9);
                    w.movePhoto(first, "/photos/renamed.jpg", folder, 101, 9);
                    w.updateFileState(second, 200, 5);
                })
                .ok());
    const auto files = library->photoFiles().value();
    REQUIRE(files.size() == 2);
    CHECK(files[1].path == "/photos/renamed.jpg");
    CHECK(files[1].id == first);
    CHECK(library->facesOfPhoto(first).value().size() == 2);
    CHECK(library->faces().value().size() == 2);
    CHECK(library->canonicalDump().value().size() == 4);  // two photos, two faces

    REQUIRE(
        library->write([&](Library::Writer& w) { w.removePhotos(std::vector<store::Id>{first}); })
            .ok());
    CHECK(library->counts().value().faces == 0);  // gone with their photo
    REQUIRE(library->write([&](Library::Writer& w) { w.removeFolder("/photos"); }).ok());
    CHECK(library->counts().value().photos == 0);
    CHECK(library->folders().value().empty());
}

TEST_CASE("the photo timeline lists analysed photos newest first, by date taken else file time",
          "[store][issue19]") {
    test::TempDir dir;
    auto library = openOrFail(dir / "library.db");
    constexpr std::int64_t kSecondNs = 1'000'000'000;
    const std::int64_t in2021 = 1'612'137'600 * kSecondNs;  // 2021-02-01, the file's time
    store::Id folder = 0, old = 0, undated = 0, recent = 0;
    REQUIRE(library
                ->write([&](Library::Writer& w) {
                    folder = w.addFolder("/photos");
                    old = w.addPendingPhoto("/photos/old.jpg", folder, 1, 1);
                    undated = w.addPendingPhoto("/photos/undated.jpg", folder, 1, in2021);
                    recent = w.addPendingPhoto("/photos/recent.jpg", folder, 1, 1);
                    w.addPendingPhoto("/photos/pending.jpg", folder, 1, 1);
                    const auto taken = [](const char* when) {
                        return store::PhotoInfo{"hash", "JPEG", 4, 3, 1, when, "Canon EOS", ""};
                    };
                    w.recordAnalysis(old, 1, 1, taken("2019-03-14T15:41:13"), {}, "m");
                    w.recordAnalysis(undated, 1, in2021, taken(""), {}, "m");
                    w.recordAnalysis(recent, 1, 1, taken("2023-07-01T09:00:00"), {}, "m");
                })
                .ok());
    const auto listed = library->photoListing();
    REQUIRE(listed.ok());
    REQUIRE(listed.value().size() == 3);  // the pending photo is not listed
    CHECK(listed.value()[0].id == recent);
    CHECK(listed.value()[0].takenAt == "2023-07-01T09:00:00");
    CHECK(listed.value()[0].camera == "Canon EOS");
    CHECK(listed.value()[1].id == undated);
    CHECK(listed.value()[1].takenAt.empty());
    CHECK(listed.value()[1].mtimeNs == in2021);
    CHECK(listed.value()[2].id == old);
    CHECK(listed.value()[2].folder == folder);
    CHECK(listed.value()[2].path == "/photos/old.jpg");
}

TEST_CASE("a failed write changes nothing", "[store]") {
    test::TempDir dir;
    auto library = openOrFail(dir / "library.db");
    const Status failed = library->write([&](Library::Writer& w) {
        const store::Id folder = w.addFolder("/photos");
        w.addPendingPhoto("/photos/a.jpg", folder, 1, 1);
        w.addPendingPhoto("/photos/a.jpg", folder, 1, 1);  // the same path twice: refused
    });
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == ErrorCode::StorageError);
    CHECK(library->counts().value().photos == 0);
    CHECK(library->counts().value().folders == 0);
}

TEST_CASE("a second process writing the same library is told who holds it", "[store]") {
    test::TempDir dir;
    auto first = openOrFail(dir / "library.db");
    auto second = Library::open(dir / "library.db", Access::ReadWrite);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == ErrorCode::Busy);
    CHECK_THAT(second.error().message, Catch::Contains("another Kith process") &&
                                           Catch::Contains(std::to_string(::getpid())));
    // Readers are welcome meanwhile.
    auto reader = openOrFail(dir / "library.db", Access::ReadOnly);
    CHECK(reader->counts().ok());
    first.reset();
    CHECK(Library::open(dir / "library.db", Access::ReadWrite).ok());
}

TEST_CASE("another writer of the same process shares the lock, and both connections write in turn",
          "[store]") {
    test::TempDir dir;
    auto first = openOrFail(dir / "library.db");
    auto second = first->openAnotherWriter();
    REQUIRE(second.ok());
    // Each writes from its own thread at once; SQLite takes the transactions one after the other.
    // Failures are counted and checked once the thread is joined: Catch2's assertions are not
    // thread-safe (two threads asserting at once raced in its run context under ThreadSanitizer),
    // and a REQUIRE that threw while the other thread ran would end the process, not the test.
    int secondFailed = 0;
    std::thread other([&] {
        for (int i = 0; i < 20; ++i)
            if (!second.value()
                     ->write(
                         [&](Library::Writer& w) { w.addFolder("/second/" + std::to_string(i)); })
                     .ok())
                ++secondFailed;
    });
    int firstFailed = 0;
    for (int i = 0; i < 20; ++i)
        if (!first->write([&](Library::Writer& w) { w.addFolder("/first/" + std::to_string(i)); })
                 .ok())
            ++firstFailed;
    other.join();
    CHECK(firstFailed == 0);
    CHECK(secondFailed == 0);
    CHECK(first->counts().value().folders == 40);
    // The lock is held while either is open: another process is still refused.
    first.reset();
    CHECK(Library::open(dir / "library.db", Access::ReadWrite).error().code == ErrorCode::Busy);
    second.value().reset();
    CHECK(Library::open(dir / "library.db", Access::ReadWrite).ok());
    // A read-only library has no writer to share.
    auto reader = openOrFail(dir / "library.db", Access::ReadOnly);
    CHECK(reader->openAnotherWriter().error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("a write worked out before another connection deleted a face is refused whole",
          "[store]") {
    test::TempDir dir;
    auto library = openOrFail(dir / "library.db");
    const std::vector<store::Id> faces = test::addPhoto(*library, {test::Embedding{}});
    const std::int64_t seen = library->faceDeletions().value();
    auto scan = library->openAnotherWriter();
    REQUIRE(scan.ok());
    // The other connection analyses the photo again: its face is replaced, under the same id.
    REQUIRE(scan.value()
                ->write([&](Library::Writer& w) {
                    w.recordAnalysis(library->faces().value().front().photoId, 1, 2,
                                     {"other", "JPEG", 800, 600, 1, "", "", ""}, {store::Face{}},
                                     "synthetic");
                })
                .ok());
    const Status refused = library->writeUnlessFacesDeleted(seen, [&](Library::Writer& w) {
        w.addFolder("/written");
        w.setDismissed(faces.front(), true);
    });
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Conflict);
    CHECK(library->counts().value().folders == 1);  // the photo's folder alone
    CHECK_FALSE(library->faces().value().front().dismissed);
    // Counted again, the same write goes through.
    CHECK(library
              ->writeUnlessFacesDeleted(library->faceDeletions().value(),
                                        [&](Library::Writer& w) { w.addFolder("/written"); })
              .ok());
    CHECK(library->counts().value().folders == 2);
}

TEST_CASE("a file that is not a library is refused with a clear error and left alone", "[store]") {
    test::TempDir dir;
    std::ofstream(dir / "notes.db") << "these are not the photos you are looking for";
    auto library = Library::open(dir / "notes.db", Access::ReadWrite);
    REQUIRE_FALSE(library.ok());
    CHECK(library.error().code == ErrorCode::StorageError);
    CHECK_THAT(library.error().message, Catch::Contains("Kith library"));
    std::ifstream in(dir / "notes.db");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    CHECK(text == "these are not the photos you are looking for");
}

TEST_CASE("a pipe or a folder named as the library is refused at once, for reading too",
          "[store]") {
    test::TempDir dir;
    REQUIRE(mkfifo((dir / "pipe.db").c_str(), 0600) == 0);
    std::filesystem::create_directories(dir / "folder.db");
    for (const char* name : {"pipe.db", "folder.db"})
        for (Access access : {Access::ReadOnly, Access::ReadWrite}) {
            INFO(name);
            auto library = Library::open(dir / name, access);  // a FIFO would block here
            REQUIRE_FALSE(library.ok());
            CHECK(library.error().code == ErrorCode::StorageError);
            CHECK_THAT(library.error().message, Catch::Contains("not a regular file"));
        }
}

TEST_CASE("a library in a folder that cannot be written can still be read", "[store]") {
    test::TempDir dir;
    {
        auto library = Library::open(dir / "library.db", Access::ReadWrite);
        REQUIRE(library.ok());
        REQUIRE(library.value()->write([](Library::Writer& w) { w.addFolder("/photos"); }).ok());
    }
    // The file a WAL library's readers share can be neither made nor opened, as in a read-only
    // folder or share (tests may run as root, where permissions would not stop it): a link to
    // nowhere in its place.
    std::filesystem::create_symlink("/nonexistent/folder/shm", dir / "library.db-shm");
    auto library = Library::open(dir / "library.db", Access::ReadOnly);
    INFO((library.ok() ? std::string() : library.error().describe()));
    REQUIRE(library.ok());
    CHECK(library.value()->counts().value().folders == 1);
    CHECK_FALSE(library.value()->write([](Library::Writer& w) { w.addFolder("/x"); }).ok());
}

TEST_CASE("another program's SQLite database is refused and left exactly as it was",
          "[store][bad-input]") {
    const int version = GENERATE(0, 3);  // apps that number their schemas, and apps that do not
    test::TempDir dir;
    const auto file = dir / "other.sqlite";
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    const std::string setup =
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); "
        "INSERT INTO notes(text) VALUES ('keep me'); PRAGMA user_version = " +
        std::to_string(version);
    REQUIRE(sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    const auto before = test::readBytes(file);
    for (const Access access : {Access::ReadWrite, Access::ReadOnly}) {
        auto library = Library::open(file, access);
        REQUIRE_FALSE(library.ok());
        CHECK_THAT(library.error().message, Catch::Contains("not a Kith library"));
    }
    CHECK(test::readBytes(file) == before);  // no tables added, no WAL mode
    CHECK_FALSE(std::filesystem::exists(file.string() + "-wal"));
}

TEST_CASE("a library from a newer Kith is not touched", "[store]") {
    test::TempDir dir;
    openOrFail(dir / "library.db").reset();
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "library.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    auto library = Library::open(dir / "library.db", Access::ReadWrite);
    REQUIRE_FALSE(library.ok());
    CHECK_THAT(library.error().message, Catch::Contains("newer Kith"));
}

TEST_CASE("reading a library that does not exist says so, and creates nothing", "[store]") {
    test::TempDir dir;
    auto library = Library::open(dir / "none.db", Access::ReadOnly);
    REQUIRE_FALSE(library.ok());
    CHECK(library.error().code == ErrorCode::NotFound);
    CHECK_FALSE(std::filesystem::exists(dir / "none.db"));
}

TEST_CASE("file names that are not UTF-8 are stored byte for byte", "[store]") {
    test::TempDir dir;
    auto library = openOrFail(dir / "library.db");
    const std::filesystem::path odd = std::string("/photos/caf\xe9-\xff.jpg");  // Latin-1 bytes
    REQUIRE(library
                ->write([&](Library::Writer& w) {
                    w.addPendingPhoto(odd, w.addFolder("/photos"), 1, 1);
                })
                .ok());
    CHECK(library->photoFiles().value().front().path.native() == odd.native());
}

TEST_CASE("the default library lives under XDG_DATA_HOME", "[store]") {
    const char* saved = std::getenv("XDG_DATA_HOME");
    const std::string previous = saved ? saved : "";
    ::setenv("XDG_DATA_HOME", "/somewhere/data", 1);
    CHECK(Library::defaultPath() == "/somewhere/data/kith/library.db");
    if (saved)
        ::setenv("XDG_DATA_HOME", previous.c_str(), 1);
    else
        ::unsetenv("XDG_DATA_HOME");
}
