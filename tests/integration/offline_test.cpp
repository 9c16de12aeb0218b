// Nothing missing for a while is lost (issue 17): a library folder out of reach (a drive
// unplugged, a share down, a mount point left empty), a subfolder that cannot be read, a file
// that cannot be read or is damaged for a while. Its photos, faces and the people decided on
// them stay, and come back as they were; only a file really gone from a folder that was read
// leaves the library. Real photos, a real library, the real networks.
#include <catch2/catch.hpp>
#include <fstream>

#include "library_support.h"
#include "test_support.h"

using namespace kith;

namespace {

// What a user would lose: every photo, every face, and who each face is.
struct Snapshot {
    std::vector<std::pair<std::string, store::PhotoStatus>> photos;
    std::vector<store::Id> faces;
    std::vector<std::pair<store::Id, store::Id>> assigned;  // face, person

    static Snapshot of(store::Library& library) {
        Snapshot s;
        for (const auto& p : library.photoFiles().value())
            s.photos.emplace_back(p.path.string(), p.status);
        for (const auto& f : library.faces().value())
            s.faces.push_back(f.id);
        for (const auto& a : library.assignments().value())
            s.assigned.emplace_back(a.face, a.person);
        return s;
    }
    bool operator==(const Snapshot&) const = default;
};

// A person a user confirmed: every face of the library's first photo.
store::Id confirmFirstPhoto(store::Library& library) {
    const auto photo = library.photoFiles().value().front().id;
    const auto faces = library.facesOfPhoto(photo).value();
    REQUIRE_FALSE(faces.empty());
    store::Id person = 0;
    REQUIRE(library
                .write([&](store::Library::Writer& w) {
                    person = w.addPerson({});
                    for (const auto& f : faces)
                        w.assign({f.id, person, 1.f, true});
                })
                .ok());
    return person;
}

std::int64_t offlineSince(store::Library& library, const std::filesystem::path& folder) {
    for (const auto& f : library.folders().value())
        if (f.path == folder) return f.offlineSince;
    FAIL("no such library folder: " << folder);
    return 0;
}

}  // namespace

TEST_CASE("a library folder out of reach keeps its photos, faces and people until it is back",
          "[scan][offline]") {
    test::TempDir dir;
    const auto folder = dir / "drive" / "photos";
    test::copyDevPhotos(folder, 4);
    auto library = test::openLibrary(dir / "library.db");
    const auto options = test::scanOptions(dir / "cache");
    test::scanInto(*library, {folder}, options);
    confirmFirstPhoto(*library);
    const Snapshot before = Snapshot::of(*library);
    REQUIRE(before.photos.size() == 4);

    SECTION("missing (a drive unplugged)") {
        std::filesystem::rename(dir / "drive", dir / "elsewhere");
        const auto report = test::scanInto(*library, {folder}, options);
        CHECK(report.removed == 0);
        CHECK(report.offline == 4);
        CHECK(report.refused.empty());
        REQUIRE(report.offlineFolders.size() == 1);
        CHECK(report.offlineFolders.front() == folder);
        std::filesystem::rename(dir / "elsewhere", dir / "drive");
    }
    SECTION("empty (a mount point with nothing mounted on it)") {
        std::filesystem::rename(folder, dir / "elsewhere");
        std::filesystem::create_directories(folder);
        const auto report = test::scanInto(*library, {folder}, options);
        CHECK(report.removed == 0);
        CHECK(report.offline == 4);
        std::filesystem::remove(folder);
        std::filesystem::rename(dir / "elsewhere", folder);
    }
    SECTION("unreadable") {
        test::FaultyFileSystem fs;
        fs.unlistable = folder;
        const auto report = test::scanInto(*library, {folder}, options, &fs);
        CHECK(report.removed == 0);
        CHECK(report.offline == 4);
    }
    CHECK(Snapshot::of(*library) == before);
    CHECK(offlineSince(*library, folder) > 0);

    // Back: nothing read again, nothing lost, online.
    const auto back = test::scanInto(*library, {folder}, options);
    CHECK(back.unchanged == 4);
    CHECK(back.analysed == 0);
    CHECK(back.removed == 0);
    CHECK(back.offline == 0);
    CHECK(Snapshot::of(*library) == before);
    CHECK(offlineSince(*library, folder) == 0);

    // A photo really deleted from a folder that was read does leave.
    std::filesystem::remove(library->photoFiles().value().back().path);
    CHECK(test::scanInto(*library, {folder}, options).removed == 1);
}

TEST_CASE("a subfolder that cannot be read keeps its photos, and its siblings are scanned",
          "[scan][offline]") {
    test::TempDir dir;
    const auto copied = test::copyDevPhotos(dir / "photos", 3);
    for (const auto& year : {"2019", "2020"})
        std::filesystem::create_directories(dir / "photos" / year);
    for (size_t i = 0; i < copied.size(); ++i)
        std::filesystem::rename(copied[i],
                                dir / "photos" / (i < 2 ? "2019" : "2020") / copied[i].filename());
    auto library = test::openLibrary(dir / "library.db");
    const auto options = test::scanOptions(dir / "cache");
    test::scanInto(*library, {dir / "photos"}, options);
    REQUIRE(library->photoFiles().value().size() == 3);
    const Snapshot before = Snapshot::of(*library);

    test::FaultyFileSystem fs;
    fs.unlistable = dir / "photos" / "2019";
    std::filesystem::remove(dir / "photos" / "2020" / copied[2].filename());
    const auto report = test::scanInto(*library, {dir / "photos"}, options, &fs);
    CHECK(report.offline == 2);
    CHECK(report.removed == 1);            // 2020's photo is really gone: its folder was read
    CHECK(report.offlineFolders.empty());  // the library folder itself was read
    REQUIRE_FALSE(report.problems.empty());
    CHECK(report.problems.front().path == fs.unlistable.string());
    CHECK(library->photoFiles().value().size() == 2);
    CHECK(Snapshot::of(*library).faces.size() < before.faces.size());
}

TEST_CASE("a folder that cannot be read is not added to the library", "[scan][offline]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 1);
    auto library = test::openLibrary(dir / "library.db");
    const auto report = test::scanInto(*library, {dir / "nowhere", dir / "photos"},
                                       test::scanOptions(dir / "cache"));
    REQUIRE(report.refused.size() == 1);
    CHECK(report.refused.front() == dir / "nowhere");
    CHECK(report.analysed == 1);
    const auto folders = library->folders().value();
    REQUIRE(folders.size() == 1);
    CHECK(folders.front().path == dir / "photos");
}

TEST_CASE("a file that could not be read is tried again at the next scan", "[scan][offline]") {
    test::TempDir dir;
    const auto photos = test::copyDevPhotos(dir / "photos", 2);
    auto library = test::openLibrary(dir / "library.db");
    const auto options = test::scanOptions(dir / "cache");
    test::FaultyFileSystem fs;
    fs.unreadable = photos[0];
    CHECK(test::scanInto(*library, {dir / "photos"}, options, &fs).failed == 1);

    // The permission fixed: the same file, same size and time.
    const auto report = test::scanInto(*library, {dir / "photos"}, options);
    CHECK(report.retried == 1);
    CHECK(report.analysed == 1);
    CHECK(report.failed == 0);
    for (const auto& p : library->photoFiles().value())
        CHECK(p.status == store::PhotoStatus::Done);
    // A file that is simply bad is not read again while it stays the same.
    std::ofstream(dir / "photos" / "broken.jpg") << "not a photo";
    CHECK(test::scanInto(*library, {dir / "photos"}, options).failed == 1);
    const auto again = test::scanInto(*library, {dir / "photos"}, options);
    CHECK(again.retried == 0);
    CHECK(again.failed == 0);
}

TEST_CASE("a photo damaged for a while keeps its faces and people, and is whole again after",
          "[scan][offline]") {
    test::TempDir dir;
    const auto photos = test::copyDevPhotos(dir / "photos", 2);
    auto library = test::openLibrary(dir / "library.db");
    const auto options = test::scanOptions(dir / "cache");
    test::scanInto(*library, {dir / "photos"}, options);
    confirmFirstPhoto(*library);
    const Snapshot before = Snapshot::of(*library);

    // The first photo (the confirmed one) cut short, as a copy interrupted leaves it.
    const auto damaged = library->photoFiles().value().front().path;
    std::filesystem::copy_file(damaged, dir / "whole.jpg");
    std::filesystem::resize_file(damaged, 200);
    const auto report = test::scanInto(*library, {dir / "photos"}, options);
    CHECK(report.failed == 1);
    Snapshot during = Snapshot::of(*library);
    CHECK(during.faces == before.faces);
    CHECK(during.assigned == before.assigned);

    // Whole again (a new time, the content it was analysed with): as it was, nothing analysed.
    std::filesystem::copy_file(dir / "whole.jpg", damaged,
                               std::filesystem::copy_options::overwrite_existing);
    const auto back = test::scanInto(*library, {dir / "photos"}, options);
    CHECK(back.restored == 1);
    CHECK(back.analysed == 0);
    CHECK(Snapshot::of(*library) == before);
}
