// The people engine on the dev set (issue 6): the real photos scanned in two steps (half, then
// all, so that the incremental path does real work), scored against the labels before any
// answer, and then with an oracle user answering the review queue from the labels.
#include "kith/people.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>

#include "kith/quality.h"
#include "library_support.h"
#include "test_support.h"

using namespace kith;

namespace {

// The dev photos, every other one (by name) first, then the rest, each step scanned and
// taken in by the people engine.
struct TwoStepLibrary {
    test::TempDir dir;
    std::unique_ptr<store::Library> library;
    std::unique_ptr<people::PeopleEngine> engine;
    std::vector<quality::LabelledFace> labelled;

    explicit TwoStepLibrary(people::Settings settings) {
        library = test::openLibrary(dir / "library.db");
        auto opened = people::PeopleEngine::open(*library, settings);
        REQUIRE(opened.ok());
        engine = std::move(opened.value());
        const auto photos = dir / "photos" / "images";
        std::filesystem::create_directories(photos);
        std::vector<std::filesystem::path> all;
        for (const auto& entry : std::filesystem::directory_iterator(test::devSet() / "images"))
            all.push_back(entry.path());
        std::sort(all.begin(), all.end());
        for (int step = 0; step < 2; ++step) {
            for (std::size_t i = 0; i < all.size(); ++i)
                if (step == 1 || i % 2 == 0)
                    std::filesystem::copy_file(all[i], photos / all[i].filename(),
                                               std::filesystem::copy_options::skip_existing);
            test::scanInto(*library, {photos}, test::scanOptions(dir / "cache"));
            const auto report = engine->update();
            REQUIRE(report.ok());
            CHECK(report.value().newFaces > 0);
            if (step == 0) CHECK(report.value().bootstrapped);
        }
        auto faces =
            quality::labelledFaces(*library, test::devSet() / "labels.csv", dir / "photos");
        INFO((faces.ok() ? std::string() : faces.error().describe()));
        REQUIRE(faces.ok());
        labelled = faces.value();
        REQUIRE(labelled.size() == 61);
    }
};

}  // namespace

TEST_CASE("the dev set scanned in two steps: people right before any answer, perfect with a few",
          "[people][dev]") {
    TwoStepLibrary dev(people::Settings{});
    const auto score = quality::scorePeople(*dev.engine, dev.labelled);
    INFO("pairwise precision " << score.clustering.pairwisePrecision << ", BCubed F1 "
                               << score.clustering.bcubedF1 << ", " << score.clustering.clusters
                               << " persons");
    CHECK(score.clustering.pairwisePrecision >= 0.99);
    CHECK(score.clustering.bcubedF1 >= 0.97);
    CHECK(score.autoAssigned >= 0.95);

    auto oracle = quality::runOracle(*dev.engine, dev.labelled, 200);
    REQUIRE(oracle.ok());
    CHECK(oracle.value().finalBcubedF1 == 1.0);
    CHECK(oracle.value().answersToPerfect >= 0);
    CHECK(oracle.value().answersToPerfect <= 26);
}

TEST_CASE(
    "the dev set with each alternative method: the review queue makes it perfect within "
    "budget",
    "[people][dev]") {
    const auto method =
        GENERATE(people::Method::Average, people::Method::Hdbscan, people::Method::ChineseWhispers);
    people::Settings settings;
    settings.method = method;
    INFO("method " << people::methodName(method));
    TwoStepLibrary dev(settings);
    const auto score = quality::scorePeople(*dev.engine, dev.labelled);
    INFO("pairwise precision " << score.clustering.pairwisePrecision << ", BCubed F1 "
                               << score.clustering.bcubedF1);
    CHECK(score.clustering.pairwisePrecision >= 0.9);
    CHECK(score.clustering.bcubedF1 >= 0.9);
    auto oracle = quality::runOracle(*dev.engine, dev.labelled, 200);
    REQUIRE(oracle.ok());
    CHECK(oracle.value().finalBcubedF1 == 1.0);
    CHECK(oracle.value().answersToPerfect <= 26);
}

TEST_CASE("every answer the oracle gives is undone in turn, back to the people before it",
          "[people][dev]") {
    TwoStepLibrary dev(people::Settings{});
    auto before = dev.library->canonicalDump().value();
    auto withoutHistory = [](std::vector<std::string>& lines) {
        std::erase_if(lines,
                      [](const std::string& line) { return line.rfind("decision ", 0) == 0; });
    };
    withoutHistory(before);
    // What the scans did stays: a re-cluster after the second scan may be in the history too.
    auto inForce = [&] {
        const auto history = dev.engine->history().value();
        return std::count_if(history.begin(), history.end(),
                             [](const store::Decision& d) { return !d.undoneAt; });
    };
    const auto scanned = inForce();
    // A wrong merge and a name first, then whatever the oracle answers.
    const auto people = dev.engine->people();
    REQUIRE(people.size() >= 2);
    REQUIRE(dev.engine->merge(people[0].id, people[1].id).ok());
    REQUIRE(dev.engine->name(people[0].id, "Both").ok());
    auto oracle = quality::runOracle(*dev.engine, dev.labelled, 30);
    REQUIRE(oracle.ok());
    // Walk every answer back: the library's people are as the scan left them.
    while (inForce() > scanned)
        REQUIRE(dev.engine->undo().ok());
    auto after = dev.library->canonicalDump().value();
    withoutHistory(after);
    CHECK(after == before);
}

TEST_CASE("a photo deleted and brought back, or edited, gets its faces' people back",
          "[people][offline]") {
    test::TempDir dir;
    const auto photos = dir / "photos";
    const auto files = test::copyDevPhotos(photos, 6);
    auto library = test::openLibrary(dir / "library.db");
    auto scan = [&] {
        test::scanInto(*library, {photos}, test::scanOptions(dir / "cache"));
        auto engine = people::PeopleEngine::open(*library);
        REQUIRE(engine.ok());
        REQUIRE(engine.value()->update().ok());
        return std::move(engine.value());
    };
    auto engine = scan();
    // A user names the person of the first photo's face, from that face.
    const auto photo = library->photoFiles().value().front();
    const auto faces = library->facesOfPhoto(photo.id).value();
    REQUIRE_FALSE(faces.empty());
    auto person = engine->newPersonFrom(faces.front().id);
    REQUIRE(person.ok());
    REQUIRE(engine->name(person.value(), "Gus").ok());
    const auto confirmedIn = [&](store::Id id) {
        for (const auto& a : library->assignments().value())
            if (a.person == id && a.confirmed) return true;
        return false;
    };
    REQUIRE(confirmedIn(person.value()));

    SECTION("deleted, then back from the trash") {
        const auto trash = dir / "trash.jpg";
        std::filesystem::rename(photo.path, trash);
        engine = scan();
        CHECK_FALSE(confirmedIn(person.value()));
        CHECK(engine->person(person.value())->name == "Gus");  // waits, with its name
        std::filesystem::rename(trash, photo.path);
        engine = scan();
        CHECK(confirmedIn(person.value()));
        CHECK(engine->facesOf(person.value()).size() == 1);
    }
    SECTION("edited: the same faces in a changed file") {
        const cv::Mat pixels = cv::imread(photo.path.string());
        REQUIRE(cv::imwrite(photo.path.string(), pixels, {cv::IMWRITE_JPEG_QUALITY, 90}));
        engine = scan();
        REQUIRE(library->facesOfPhoto(photo.id).value().front().id != faces.front().id);
        CHECK(confirmedIn(person.value()));
        CHECK(engine->facesOf(person.value()).size() == 1);
    }
}
