// Names travel with the photos (issue 8): kith-cli export-xmp writes them, kith-cli scan takes
// them in, on copies of the dev photos, the real models and real libraries. Round trips through
// sidecars and through the files themselves, other apps' regions, hostile metadata, and a writer
// killed in the middle of rewriting photos.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "kith/image.h"
#include "kith/metadata.h"
#include "kith/store.h"
#include "test_support.h"

using namespace kith;
using nlohmann::json;

namespace {

// Copies of `count` dev photos (all when 0), writable, in `folder`.
std::vector<std::filesystem::path> copyDevPhotos(const std::filesystem::path& folder,
                                                 std::size_t count = 0) {
    std::filesystem::create_directories(folder);
    std::vector<std::filesystem::path> sources;
    for (const auto& entry : std::filesystem::directory_iterator(test::devSet() / "images"))
        if (entry.path().extension() == ".jpg") sources.push_back(entry.path());
    std::sort(sources.begin(), sources.end());
    if (count && count < sources.size()) sources.resize(count);
    std::vector<std::filesystem::path> copies;
    for (const auto& source : sources) {
        const auto copy = folder / source.filename();
        std::filesystem::copy_file(source, copy);
        std::filesystem::permissions(copy, std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::add);
        copies.push_back(copy);
    }
    return copies;
}

struct NamedBox {
    std::string name;
    cv::Rect2f box;
};

// Every named face of a library, by its photo's file name.
std::map<std::string, std::vector<NamedBox>> namesByFile(const std::filesystem::path& file) {
    auto library = store::Library::open(file, store::Access::ReadOnly);
    REQUIRE(library.ok());
    const auto named = library.value()->namedFaces();
    REQUIRE(named.ok());
    std::map<std::string, std::vector<NamedBox>> byFile;
    for (const store::NamedFace& f : named.value()) {
        const auto path = library.value()->photoPath(f.photo);
        REQUIRE((path.ok() && path.value()));
        byFile[path.value()->filename().string()].push_back(
            {f.name, {f.x, f.y, f.width, f.height}});
    }
    return byFile;
}

float overlap(const cv::Rect2f& a, const cv::Rect2f& b) {
    const float shared = (a & b).area();
    return shared / (a.area() + b.area() - shared);
}

// The same names on the same faces: every named face of one has a face of the other with its
// name and (almost) its box, photo by photo, and the other way round.
void requireSameNamesOnSameFaces(const std::map<std::string, std::vector<NamedBox>>& a,
                                 const std::map<std::string, std::vector<NamedBox>>& b) {
    REQUIRE(a.size() == b.size());
    for (const auto& [file, faces] : a) {
        INFO(file);
        REQUIRE(b.count(file));
        const auto& others = b.at(file);
        REQUIRE(faces.size() == others.size());
        for (const NamedBox& face : faces) {
            INFO(face.name);
            CHECK(std::any_of(others.begin(), others.end(), [&](const NamedBox& o) {
                return o.name == face.name && overlap(o.box, face.box) > 0.9f;
            }));
        }
    }
}

// Names the `count` largest people "Person 1", "Person 2", ... and returns how many faces got a
// name.
int nameLargestPeople(const test::LibraryCli& cli, int count) {
    const json people = json::parse(cli.ok("people --json"));
    int faces = 0;
    for (int i = 0; i < count && i < static_cast<int>(people.size()); ++i) {
        cli.ok("name " + std::to_string(people[i]["id"].get<long long>()) + " 'Person " +
               std::to_string(i + 1) + "'");
        faces += people[i]["faces"].get<int>();
    }
    return faces;
}

cv::Mat pixels(const std::filesystem::path& photo) {
    return cv::imread(photo.string(), cv::IMREAD_COLOR);
}

bool samePixels(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0;
}

}  // namespace

TEST_CASE("names exported to sidecars come back on the same faces in a fresh library",
          "[xmp][cli]") {
    test::TempDir dir;
    const test::LibraryCli first(dir / "first");
    const auto photos = copyDevPhotos(dir / "photos");
    first.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    const int namedFaces = nameLargestPeople(first, 4);
    REQUIRE(namedFaces >= 10);

    const std::string exported = first.ok("export-xmp");
    CHECK(exported.find("failed: 0") != std::string::npos);
    const auto names = namesByFile(first.library());
    std::size_t sidecars = 0, regions = 0;
    for (const auto& photo : photos) {
        const auto sidecar = metadata::sidecarPath(photo);
        if (!std::filesystem::exists(sidecar)) continue;
        ++sidecars;
        std::ifstream in(sidecar);
        const std::string packet((std::istreambuf_iterator<char>(in)), {});
        // Both forms other apps read, and the keywords.
        CHECK(packet.find("mwg-rs:Type=\"Face\"") != std::string::npos);
        CHECK(packet.find("MPReg:PersonDisplayName=\"Person") != std::string::npos);
        CHECK(packet.find("<rdf:li>Person") != std::string::npos);
        for (auto at = packet.find("mwg-rs:Name="); at != std::string::npos;
             at = packet.find("mwg-rs:Name=", at + 1))
            ++regions;
        // The photo itself is untouched.
        CHECK(test::readBytes(photo) ==
              test::readBytes(test::devSet() / "images" / photo.filename()));
    }
    CHECK(sidecars == names.size());
    CHECK(regions == static_cast<std::size_t>(namedFaces));
    // Nothing changed since: nothing is written again, and a rescan does not read back the
    // sidecars Kith wrote itself.
    CHECK(first.ok("export-xmp").find("Sidecars written: 0") != std::string::npos);
    CHECK(first.ok("--backend cpu scan '" + (dir / "photos").string() + "'").find("read again") ==
          std::string::npos);

    // The photos and their sidecars, scanned into a fresh library: the same names on the same
    // faces, each a confirmed person.
    const test::LibraryCli second(dir / "second");
    const std::string scanned = second.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    CHECK(scanned.find(std::to_string(namedFaces) + " named by XMP") != std::string::npos);
    requireSameNamesOnSameFaces(names, namesByFile(second.library()));
    const json people = json::parse(second.ok("people --json"));
    for (int i = 1; i <= 4; ++i)
        CHECK(std::count_if(people.begin(), people.end(), [&](const json& p) {
                  return p["name"] == "Person " + std::to_string(i);
              }) == 1);
    // One decision took them in, and it can be undone.
    CHECK(second.ok("history").find("import-names") != std::string::npos);
    second.ok("undo");
    CHECK(namesByFile(second.library()).empty());
}

TEST_CASE("only photos whose names changed are exported again, and a name taken away leaves",
          "[xmp][cli]") {
    test::TempDir dir;
    const test::LibraryCli cli(dir.path());
    copyDevPhotos(dir / "photos");
    cli.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    nameLargestPeople(cli, 2);
    cli.ok("export-xmp");
    const json people = json::parse(cli.ok("people --json"));
    const long long second = people[1]["id"];
    const int facesOfSecond = people[1]["faces"];

    // A new name for one person: only that person's photos are written.
    cli.ok("name " + std::to_string(second) + " 'Grace Hopper'");
    CHECK(cli.ok("export-xmp").find("Sidecars written: " + std::to_string(facesOfSecond)) !=
          std::string::npos);
    // A face taken from its person: its photo loses the region.
    const json person = json::parse(cli.ok("person " + std::to_string(second) + " --json"));
    const long long face = person["face_list"][0]["face"];
    cli.ok("reject " + std::to_string(face));
    CHECK(cli.ok("export-xmp").find("names removed: 1") != std::string::npos);
    // --all writes everything again.
    const auto names = namesByFile(cli.library());
    CHECK(cli.ok("export-xmp --all").find("Sidecars written: " + std::to_string(names.size())) !=
          std::string::npos);
}

TEST_CASE("names written into the photos themselves: pixels kept, faces kept, names come back",
          "[xmp][cli]") {
    test::TempDir dir;
    const test::LibraryCli first(dir / "first");
    const auto photos = copyDevPhotos(dir / "photos", 24);
    first.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    nameLargestPeople(first, 3);
    const auto names = namesByFile(first.library());
    REQUIRE(!names.empty());

    CHECK(first.ok("export-xmp --embedded").find("failed: 0") != std::string::npos);
    for (const auto& photo : photos) {
        INFO(photo);
        const auto original = test::devSet() / "images" / photo.filename();
        const bool named = names.count(photo.filename().string()) > 0;
        CHECK((test::readBytes(photo) != test::readBytes(original)) == named);
        CHECK(samePixels(pixels(photo), pixels(original)));
        CHECK(!std::filesystem::exists(metadata::sidecarPath(photo)));
    }
    // The library knows the rewritten files: a rescan reads none of them again.
    CHECK(first.ok("--backend cpu scan '" + (dir / "photos").string() + "'")
              .find(" 0 analysed, 24 unchanged") != std::string::npos);

    const test::LibraryCli second(dir / "second");
    second.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    requireSameNamesOnSameFaces(names, namesByFile(second.library()));

    // A read-only photo is left alone, with a clear message.
    const auto readOnly = *std::find_if(photos.begin(), photos.end(), [&](const auto& photo) {
        return names.count(photo.filename().string()) > 0;
    });
    const auto bytes = test::readBytes(readOnly);
    std::filesystem::permissions(readOnly, std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::remove);
    const auto refused = first.run("export-xmp --embedded --all");
    CHECK(refused.status == 1);
    CHECK(refused.out.find("read-only") != std::string::npos);
    CHECK(test::readBytes(readOnly) == bytes);
}

TEST_CASE("other apps' face regions become named faces: matched ones confirm, others are added",
          "[xmp][cli]") {
    test::TempDir dir;
    const auto photos = copyDevPhotos(dir / "photos", 6);
    // What the detector finds in the first photo, to write regions on it as another app would.
    const test::LibraryCli probe(dir / "probe");
    probe.ok("--backend cpu scan --no-people '" + (dir / "photos").string() + "'");
    auto library = store::Library::open(probe.library(), store::Access::ReadOnly);
    REQUIRE(library.ok());
    const auto files = library.value()->photoPaths();
    REQUIRE(files.ok());
    store::Id photoId = 0;
    for (const auto& [id, path] : files.value())
        if (path == photos.front()) photoId = id;
    const auto faces = library.value()->facesOfPhoto(photoId);
    REQUIRE((faces.ok() && !faces.value().empty()));
    const auto info = library.value()->photoInfo(photoId);
    REQUIRE((info.ok() && info.value()));
    const int width = info.value()->width, height = info.value()->height;
    const store::Face& face = faces.value().front();
    library.value().reset();

    // Microsoft's form only (what Windows Photo Gallery wrote), a box a little larger than
    // Kith's, and a second region on a face-sized patch where no face was detected.
    const float grow = face.width * 0.15f;
    const cv::Rect2f missed(width * 0.02f, height * 0.02f, face.width, face.height);
    auto rectangle = [&](float left, float top, float w, float h) {
        char text[128];
        std::snprintf(text, sizeof text, "%f, %f, %f, %f", left / width, top / height, w / width,
                      h / height);
        return std::string(text);
    };
    const std::string packet = test::microsoftRegions(
        test::microsoftRegion(
            rectangle(face.x - grow, face.y - grow, face.width + 2 * grow, face.height + 2 * grow),
            "Ada Lovelace") +
        test::microsoftRegion(rectangle(missed.x, missed.y, missed.width, missed.height),
                              "Someone Behind"));
    std::ofstream(photos.front().string() + ".xmp") << packet;

    const test::LibraryCli cli(dir / "library");
    CHECK(cli.ok("--backend cpu scan '" + (dir / "photos").string() + "'").find("2 named by XMP") !=
          std::string::npos);
    // (Other photos of Ada may be named too, as the people engine groups them with her.)
    const auto named = namesByFile(cli.library());
    REQUIRE(named.count(photos.front().filename().string()) == 1);
    for (const auto& [file, boxes] : named)
        for (const NamedBox& n : boxes)
            if (file != photos.front().filename().string()) CHECK(n.name == "Ada Lovelace");
    const auto& onPhoto = named.at(photos.front().filename().string());
    REQUIRE(onPhoto.size() == 2);
    for (const NamedBox& n : onPhoto) {
        if (n.name == "Ada Lovelace")  // the detected face, with Kith's own box
            CHECK(overlap(n.box, {face.x, face.y, face.width, face.height}) > 0.95f);
        else  // the region nothing was detected in: a face of its own, where the app put it
            CHECK(overlap(n.box, missed) > 0.95f);
    }
    const json people = json::parse(cli.ok("people --json"));
    for (const char* name : {"Ada Lovelace", "Someone Behind"})
        CHECK(std::any_of(people.begin(), people.end(), [&](const json& p) {
            return p["name"] == name && p["confirmed"].get<int>() >= 1;
        }));
}

TEST_CASE("a sidecar another app changes after the scan is read at the next one", "[xmp][cli]") {
    test::TempDir dir;
    const auto photos = copyDevPhotos(dir / "photos", 6);
    const test::LibraryCli cli(dir.path());
    cli.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    auto library = store::Library::open(cli.library(), store::Access::ReadOnly);
    REQUIRE(library.ok());
    const auto paths = library.value()->photoPaths();
    REQUIRE(paths.ok());
    std::map<std::filesystem::path, store::Id> idOf;
    for (const auto& [id, path] : paths.value())
        idOf[path] = id;
    auto facesOf = [&](const std::filesystem::path& photo) {
        auto faces = library.value()->facesOfPhoto(idOf.at(photo));
        REQUIRE(faces.ok());
        return faces.value();
    };
    const auto first = facesOf(photos[0]), second = facesOf(photos[1]);
    REQUIRE((!first.empty() && !second.empty()));
    const auto info = library.value()->photoInfo(idOf.at(photos[0]));
    REQUIRE((info.ok() && info.value()));
    const metadata::Frame frame{info.value()->width, info.value()->height,
                                info.value()->orientation};
    // A person says in Kith who the face of the second photo is.
    const json people = json::parse(cli.ok("people --json"));
    const long long kept = people[0]["id"];
    cli.ok("confirm " + std::to_string(second.front().id) + " " + std::to_string(kept));
    library.value().reset();

    // Another app names the first photo's face, marks a face Kith did not find, and calls the
    // second photo's face by another name.
    const store::Face& f = first.front();
    const cv::Rect2f elsewhere(frame.width * 0.02f, frame.height * 0.02f, f.width, f.height);
    REQUIRE(metadata::writeSidecar(
                photos[0],
                {{f.x, f.y, f.width, f.height, "Ada Lovelace"},
                 {elsewhere.x, elsewhere.y, elsewhere.width, elsewhere.height, "Someone Behind"}},
                frame)
                .ok());
    const store::Face& g = second.front();
    auto secondInfo = store::Library::open(cli.library(), store::Access::ReadOnly);
    REQUIRE(secondInfo.ok());
    const auto gInfo = secondInfo.value()->photoInfo(idOf.at(photos[1]));
    REQUIRE((gInfo.ok() && gInfo.value()));
    secondInfo.value().reset();
    REQUIRE(metadata::writeSidecar(
                photos[1], {{g.x, g.y, g.width, g.height, "Somebody Else"}},
                {gInfo.value()->width, gInfo.value()->height, gInfo.value()->orientation})
                .ok());

    const std::string rescan = cli.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    CHECK(rescan.find("0 analysed, 6 unchanged") != std::string::npos);
    CHECK(rescan.find("(2 sidecars read again)") != std::string::npos);
    const auto named = namesByFile(cli.library());
    REQUIRE(named.count(photos[0].filename().string()));
    const auto& onFirst = named.at(photos[0].filename().string());
    CHECK(onFirst.size() == 2);
    for (const NamedBox& n : onFirst)
        CHECK(overlap(n.box, n.name == "Ada Lovelace" ? cv::Rect2f(f.x, f.y, f.width, f.height)
                                                      : elsewhere) > 0.95f);
    // What the person decided in Kith stands against the other app's name.
    const json person = json::parse(cli.ok("person " + std::to_string(kept) + " --json"));
    CHECK(std::any_of(person["face_list"].begin(), person["face_list"].end(),
                      [&](const json& face) { return face["face"] == g.id; }));
    // Read once: the next scan reads no sidecar again.
    CHECK(cli.ok("--backend cpu scan '" + (dir / "photos").string() + "'").find("read again") ==
          std::string::npos);
}

TEST_CASE("hostile XMP is refused with a clear warning and the photo is scanned all the same",
          "[xmp][cli]") {
    test::TempDir dir;
    const auto photos = copyDevPhotos(dir / "photos", 4);
    // A thousand regions; a sidecar that is not XML; one over 4 MiB; regions of the wrong types.
    std::string faces;
    for (int i = 0; i < 1000; ++i)
        faces += test::mwgFace("N", "Face", "0.5", "0.5", "0.1", "0.1");
    const std::string many = test::mwgRegions(faces);
    std::ofstream(photos[0].string() + ".xmp") << many;
    std::ofstream(photos[1].string() + ".xmp") << "<x:xmpmeta><rdf:RDF><unclosed";
    std::ofstream(photos[2].string() + ".xmp") << std::string(5 << 20, ' ');
    std::ofstream(photos[3].string() + ".xmp")
        << test::mwgRegions(test::mwgFace("Cat", "Pet", "0.5", "0.5", "0.2", "0.2") +
                            test::mwgFace("Bad", "Face", "abc", "1e999", "-4", "0.2"));
    const test::LibraryCli cli(dir.path());
    const std::string out = cli.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    CHECK(out.find("4 analysed") != std::string::npos);
    CHECK(out.find("0 failed") != std::string::npos);
    CHECK(out.find("0 named by XMP") != std::string::npos);
    CHECK(out.find("more than 500 face regions") != std::string::npos);
    CHECK(out.find("over 4 MiB") != std::string::npos);
    CHECK(out.find("cannot be parsed") != std::string::npos);
    const json status = json::parse(cli.ok("status --json"));
    CHECK(status["faces"].get<int>() >= 4);
    // The sidecar Kith cannot read is not overwritten by an export either.
    cli.ok("name " +
           std::to_string(json::parse(cli.ok("people --json"))[0]["id"].get<long long>()) +
           " Someone");
    cli.run("export-xmp --all");
    std::ifstream in(photos[1].string() + ".xmp");
    CHECK(std::string((std::istreambuf_iterator<char>(in)), {}) == "<x:xmpmeta><rdf:RDF><unclosed");
}

TEST_CASE("a writer killed while rewriting photos leaves every photo whole, old or new",
          "[xmp][cli][kill]") {
    test::TempDir dir;
    const test::LibraryCli cli(dir.path());
    const auto photos = copyDevPhotos(dir / "photos", 40);
    cli.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    nameLargestPeople(cli, 6);
    const auto names = namesByFile(cli.library());
    std::map<std::filesystem::path, cv::Mat> original;
    std::map<std::filesystem::path, std::vector<unsigned char>> originalBytes;
    for (const auto& photo : photos) {
        original[photo] = pixels(photo);
        originalBytes[photo] = test::readBytes(photo);
    }
    // Each rewrite puts a new file in place: a new inode tells which photos a round rewrote.
    auto inode = [](const std::filesystem::path& file) {
        struct stat st {};
        return ::stat(file.c_str(), &st) == 0 ? st.st_ino : 0;
    };

    // kith-cli export-xmp --embedded --all, killed (SIGKILL) after a delay that grows each round.
    int interrupted = 0;  // rounds killed with some photos rewritten and some not
    for (int round = 0; round < 14; ++round) {
        std::map<std::filesystem::path, ino_t> before;
        for (const auto& photo : photos)
            before[photo] = inode(photo);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            const std::string cliPath = test::kithCli().string(), library = cli.library().string();
            ::execl(cliPath.c_str(), cliPath.c_str(), "--library", library.c_str(), "export-xmp",
                    "--embedded", "--all", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(150 + 100 * round));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);

        std::size_t rewrittenNow = 0;
        for (const auto& photo : photos) {
            INFO("round " << round << ": " << photo);
            if (inode(photo) != before[photo]) ++rewrittenNow;
            if (test::readBytes(photo) == originalBytes[photo]) continue;  // not written yet
            // A rewritten photo is whole: the same pixels, and its names in its XMP.
            CHECK(samePixels(pixels(photo), original[photo]));
            auto read = image::readImageFile(photo);
            REQUIRE(read.ok());
            const image::EncodedImage& seen = read.value();
            const auto regions = metadata::decodeRegions(
                seen.xmpPacket, {seen.width(), seen.height(), seen.orientation});
            REQUIRE(regions.ok());
            CHECK(regions.value().size() == names.at(photo.filename().string()).size());
        }
        if (rewrittenNow > 0 && rewrittenNow < names.size()) ++interrupted;
    }
    INFO("rounds killed in the middle of the photos: " << interrupted);
    CHECK(interrupted >= 1);
    // Whatever the kills left (hidden temporary files, a library that did not record a rewrite),
    // a scan finds nothing new and nothing broken, and the names stand.
    const std::string rescan = cli.ok("--backend cpu scan '" + (dir / "photos").string() + "'");
    CHECK(rescan.find("40 photos") != std::string::npos);
    CHECK(rescan.find("0 failed") != std::string::npos);
    requireSameNamesOnSameFaces(names, namesByFile(cli.library()));
}
