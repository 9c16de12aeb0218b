// Scanning a library (issue 5): the dev photos catalogued with their faces and thumbnails; the
// incremental rules (unchanged, moved, deleted, modified, touched); bad files recorded while the
// scan goes on; pause, resume and cancel; the same library whatever the number of workers.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <thread>

#include "kith/image.h"
#include "library_support.h"
#include "test_support.h"

using namespace kith;

namespace {

const store::PhotoFile& photoAt(const std::vector<store::PhotoFile>& files,
                                const std::filesystem::path& path) {
    const auto it =
        std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.path == path; });
    REQUIRE(it != files.end());
    return *it;
}

}  // namespace

TEST_CASE("a scan catalogues every dev photo with its faces, metadata, thumbnail and crops",
          "[scan]") {
    test::TempDir dir;
    auto library = test::openLibrary(dir / "library.db");
    const auto report =
        test::scanInto(*library, {test::devSet() / "images"}, test::scanOptions(dir / "cache"));
    CHECK(report.discovered == 64);
    CHECK(report.analysed == 64);
    CHECK(report.failed == 0);
    const auto counts = library->counts().value();
    CHECK(counts.photos == 64);
    CHECK(counts.pending == 0);
    CHECK(counts.errors == 0);
    CHECK(counts.faces >= 70);  // 61 portraits, the couple's 2, the selfie's 7, a few more

    pipeline::ThumbnailCache cache(dir / "cache");
    for (const auto& photo : library->photoFiles().value()) {
        INFO(photo.path);
        const auto info = library->photoInfo(photo.id).value();
        REQUIRE(info);
        CHECK(std::filesystem::exists(cache.photoThumbnail(info->contentHash)));
        for (const auto& face : library->facesOfPhoto(photo.id).value())
            CHECK(std::filesystem::exists(cache.faceCrop(info->contentHash, face)));
        if (photo.path.filename() == "img47.jpg") CHECK(info->format == "WebP");
        if (photo.path.filename() == "img26.jpg") {
            CHECK(info->camera == "NIKON D750");
            CHECK(info->takenAt == "2019-03-14T15:41:13");
            CHECK(info->width == 1449);
        }
    }
}

TEST_CASE("an unchanged rescan reads no file and changes nothing", "[scan]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 6);
    auto library = test::openLibrary(dir / "library.db");
    const auto options = test::scanOptions(dir / "cache");
    test::scanInto(*library, {dir / "photos"}, options);
    const auto before = library->canonicalDump().value();
    test::FaultyFileSystem fs;
    const auto report = test::scanInto(*library, {dir / "photos"}, options, &fs);
    CHECK(report.unchanged == 6);
    CHECK(report.analysed == 0);
    CHECK(fs.reads == 0);
    CHECK(library->canonicalDump().value() == before);
}

TEST_CASE("a rescan with the cache cleared makes the thumbnails and crops again, and nothing else",
          "[scan]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 6);
    auto library = test::openLibrary(dir / "library.db");
    test::scanInto(*library, {dir / "photos"}, test::scanOptions(dir / "cache"));
    const auto before = library->canonicalDump().value();
    std::filesystem::remove_all(dir / "cache");  // cleared, as cleaning tools do

    const auto report =
        test::scanInto(*library, {dir / "photos"}, test::scanOptions(dir / "cache"));
    CHECK(report.unchanged == 6);
    CHECK(report.analysed == 0);
    CHECK(report.thumbnailsMade == 6);
    CHECK(library->canonicalDump().value() == before);
    pipeline::ThumbnailCache cache(dir / "cache");
    int crops = 0;
    for (const auto& photo : library->photoFiles().value()) {
        INFO(photo.path);
        const auto info = library->photoInfo(photo.id).value();
        REQUIRE(info);
        CHECK(std::filesystem::exists(cache.photoThumbnail(info->contentHash)));
        for (const auto& face : library->facesOfPhoto(photo.id).value()) {
            CHECK(std::filesystem::exists(cache.faceCrop(info->contentHash, face)));
            ++crops;
        }
    }
    CHECK(crops >= 6);
    // Once made, they are not made again.
    CHECK(test::scanInto(*library, {dir / "photos"}, test::scanOptions(dir / "cache"))
              .thumbnailsMade == 0);
}

TEST_CASE("a renamed and moved photo keeps its faces, a deleted one takes them away", "[scan]") {
    test::TempDir dir;
    const auto photos = test::copyDevPhotos(dir / "photos", 6);
    auto library = test::openLibrary(dir / "library.db");
    const auto options = test::scanOptions(dir / "cache");
    test::scanInto(*library, {dir / "photos"}, options);
    const store::Id movedId = photoAt(library->photoFiles().value(), photos[0]).id;
    const auto facesBefore = library->facesOfPhoto(movedId).value();
    REQUIRE_FALSE(facesBefore.empty());

    std::filesystem::create_directories(dir / "photos" / "2019" / "summer");
    const auto newName = dir / "photos" / "2019" / "summer" / "renamed.jpg";
    std::filesystem::rename(photos[0], newName);
    std::filesystem::remove(photos[1]);
    const auto report = test::scanInto(*library, {dir / "photos"}, options);
    CHECK(report.moved == 1);
    CHECK(report.removed == 1);
    CHECK(report.analysed == 0);
    const auto files = library->photoFiles().value();
    CHECK(files.size() == 5);
    const auto& moved = photoAt(files, newName);
    CHECK(moved.id == movedId);  // the same photo: its faces, and later its names, stay
    const auto facesAfter = library->facesOfPhoto(movedId).value();
    REQUIRE(facesAfter.size() == facesBefore.size());
    CHECK(facesAfter[0].id == facesBefore[0].id);
}

TEST_CASE("a modified photo is analysed again, a touched one is not", "[scan]") {
    test::TempDir dir;
    const auto photos = test::copyDevPhotos(dir / "photos", 4);
    auto library = test::openLibrary(dir / "library.db");
    const auto options = test::scanOptions(dir / "cache");
    test::scanInto(*library, {dir / "photos"}, options);
    const auto before = library->photoFiles().value();

    // Touched: a new time, the same content.
    std::filesystem::last_write_time(
        photos[0], std::filesystem::last_write_time(photos[0]) + std::chrono::hours(1));
    // Modified: the couple photo replaced by another photo's content.
    std::filesystem::copy_file(test::devSet() / "images" / "img10.jpg", photos[1],
                               std::filesystem::copy_options::overwrite_existing);
    const auto report = test::scanInto(*library, {dir / "photos"}, options);
    CHECK(report.touched == 1);
    CHECK(report.analysed == 1);
    CHECK(report.changed == 2);
    const auto after = library->photoFiles().value();
    CHECK(photoAt(after, photos[0]).mtimeNs != photoAt(before, photos[0]).mtimeNs);
    CHECK(photoAt(after, photos[1]).contentHash != photoAt(before, photos[1]).contentHash);
    CHECK(library->facesOfPhoto(photoAt(after, photos[1]).id).value().size() ==
          1);  // img10: one face
}

TEST_CASE("bad files are recorded with a reason and the scan goes on", "[scan][bad-input]") {
    test::TempDir dir;
    const auto good = test::copyDevPhotos(dir / "photos", 2);
    const auto folder = dir / "photos";
    std::ofstream(folder / "empty.jpg").close();
    auto jpeg = test::readBytes(test::devSet() / "images" / "img1.jpg");
    jpeg.resize(jpeg.size() / 2);
    test::writeBytes(folder / "truncated.jpg", jpeg);
    std::ofstream(folder / "text.jpg") << "not a photo at all";
    test::writeBytes(
        folder / "bomb.png",
        {0x89, 'P',  'N',  'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0,
         1,    0x86, 0xa0, 0,   1,    0x86, 0xa0, 8,    2, 0, 0, 0,  0,   0,   0,   0});
    std::filesystem::copy_file(good[0], folder / "unreadable.jpg");
    std::filesystem::copy_file(good[0], folder / "vanishing.jpg");
    const std::filesystem::path latin1 = folder / std::string("caf\xe9.jpg");  // not UTF-8
    std::filesystem::copy_file(test::devSet() / "images" / "img10.jpg", latin1);
    std::ofstream(folder / std::string("bad-\xff.jpg")) << "also not a photo";

    test::FaultyFileSystem fs;
    fs.vanishing = folder / "vanishing.jpg";
    fs.unreadable = folder / "unreadable.jpg";
    auto library = test::openLibrary(dir / "library.db");
    const auto report = test::scanInto(*library, {folder}, test::scanOptions(dir / "cache"), &fs);
    CHECK(report.analysed == 3);  // the two good photos and the one with a Latin-1 name
    CHECK(report.failed == 7);
    std::map<std::string, std::string> errors;
    for (const auto& e : library->errors().value())
        errors[e.path.filename().string()] = e.code + ": " + e.message;
    CHECK_THAT(errors["empty.jpg"], Catch::Contains("empty"));
    CHECK_THAT(errors["truncated.jpg"], Catch::Contains("truncated"));
    CHECK_THAT(errors["text.jpg"], Catch::Contains("not an image"));
    CHECK_THAT(errors["bomb.png"], Catch::Contains("too-large") && Catch::Contains("limit"));
    CHECK_THAT(errors["unreadable.jpg"], Catch::Contains("unreadable"));
    CHECK_THAT(errors["vanishing.jpg"],
               Catch::Contains("not-found") && Catch::Contains("vanished"));
    CHECK(errors.count(std::string("bad-\xff.jpg")) == 1);
    CHECK(library->counts().value().errors == 7);
    CHECK(library->facesOfPhoto(photoAt(library->photoFiles().value(), latin1).id).value().size() ==
          1);
}

TEST_CASE("broken EXIF is a warning on a photo that is still analysed", "[scan][bad-input]") {
    test::TempDir dir;
    auto jpeg = test::readBytes(test::devSet() / "images" / "img10.jpg");
    const std::vector<unsigned char> brokenExif = {
        0xff, 0xe1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 0xf0, 0xff, 0xff, 0x7f};
    jpeg.insert(jpeg.begin() + 2, brokenExif.begin(), brokenExif.end());
    std::filesystem::create_directories(dir / "photos");
    test::writeBytes(dir / "photos" / "broken-exif.jpg", jpeg);
    auto library = test::openLibrary(dir / "library.db");
    const auto report =
        test::scanInto(*library, {dir / "photos"}, test::scanOptions(dir / "cache"));
    CHECK(report.analysed == 1);
    CHECK(library->counts().value().faces == 1);
}

TEST_CASE("pause holds the scan, cancel keeps what was done, and the next scan finishes it",
          "[scan]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 12);
    auto library = test::openLibrary(dir / "library.db");
    auto options = test::scanOptions(dir / "cache", 1);
    options.batchSize = 2;
    auto fs = scan::realFileSystem();
    std::atomic<size_t> done{0};
    pipeline::ScanJob job(*library, *fs, options,
                          [&](const pipeline::ScanProgress& p) { done = p.done; });
    std::thread control([&] {
        while (done < 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        job.pause();
        std::this_thread::sleep_for(std::chrono::milliseconds(800));  // let in-flight work land
        const size_t held = done;
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        CHECK(done == held);  // nothing moves while paused
        job.resume();
        while (done < held + 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        job.cancel();
    });
    auto report = job.run({dir / "photos"});
    control.join();
    REQUIRE(report.ok());
    CHECK(report.value().cancelled);
    const auto partly = library->counts().value();
    CHECK(partly.pending > 0);
    CHECK(partly.pending < 12);
    const auto rest = test::scanInto(*library, {dir / "photos"}, test::scanOptions(dir / "cache"));
    CHECK(rest.resumed == static_cast<size_t>(partly.pending));
    CHECK(library->counts().value().pending == 0);
    CHECK(library->counts().value().photos == 12);
}

TEST_CASE("a scan's control works from another thread and before the scan starts", "[scan]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 4);
    auto library = test::openLibrary(dir / "library.db");
    auto fs = scan::realFileSystem();
    // Cancelled before it runs (Cancel pressed while the scan waited its turn): nothing analysed,
    // the photos left pending for the next scan.
    auto control = std::make_shared<pipeline::ScanControl>();
    control->cancel();
    pipeline::ScanJob cancelled(*library, *fs, test::scanOptions(dir / "cache", 1), {}, control);
    CHECK(cancelled.control() == control);
    const auto none = cancelled.run({dir / "photos"});
    REQUIRE(none.ok());
    CHECK(none.value().cancelled);
    CHECK(none.value().analysed == 0);
    CHECK(library->counts().value().pending == 4);
    // Paused before it runs: held until another thread resumes it; the control outlives the job.
    auto held = std::make_shared<pipeline::ScanControl>();
    held->pause();
    std::atomic<size_t> done{0};
    {
        pipeline::ScanJob job(
            *library, *fs, test::scanOptions(dir / "cache", 1),
            [&](const pipeline::ScanProgress& p) { done = p.done; }, held);
        std::thread resumer([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            CHECK(done == 0);  // nothing analysed while held
            held->resume();
        });
        const auto report = job.run({dir / "photos"});
        resumer.join();
        REQUIRE(report.ok());
        CHECK_FALSE(report.value().cancelled);
        CHECK(report.value().resumed == 4);  // the ones the cancelled scan left pending
        CHECK(report.value().analysed == 4);
    }
    CHECK_FALSE(held->paused());
    CHECK(library->counts().value().pending == 0);
}

TEST_CASE("the same photos make the same library with one worker or two", "[scan]") {
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 8);
    auto one = test::openLibrary(dir / "one.db");
    test::scanInto(*one, {dir / "photos"}, test::scanOptions(dir / "cache", 1));
    auto two = test::openLibrary(dir / "two.db");
    test::scanInto(*two, {dir / "photos"}, test::scanOptions(dir / "cache", 2));
    CHECK(one->canonicalDump().value() == two->canonicalDump().value());
}
