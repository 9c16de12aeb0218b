// Embeddings good enough to tell people apart (issue 4): the dev set's 520 labelled pairs at the
// fixed default threshold.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "kith/eval.h"
#include "kith/image.h"
#include "kith/vision.h"
#include "test_support.h"

using namespace kith;

namespace {

std::optional<vision::Face> largestFace(vision::FaceAnalyzer& analyzer,
                                        const std::filesystem::path& file) {
    auto photo = image::readImageFile(file);
    REQUIRE(photo.ok());
    auto faces = analyzer.analyze(photo.value());
    REQUIRE(faces.ok());
    const vision::Face* largest = vision::largestFace(faces.value());
    if (!largest) return std::nullopt;
    return *largest;
}

}  // namespace

TEST_CASE("the dev pairs are told apart: accuracy >= 0.995 at the default threshold, AUC >= 0.999",
          "[embedding]") {
    auto analyzer =
        vision::FaceAnalyzer::load(test::modelDir(), {}, vision::BackendPreference::Cpu);
    REQUIRE(analyzer.ok());
    std::ifstream in(test::devSet() / "pairs.csv");
    std::string line;
    std::getline(in, line);
    std::map<std::string, std::optional<vision::Embedding>> embeddings;
    std::vector<eval::ScoredPair> pairs;
    while (std::getline(in, line)) {
        std::stringstream row(line);
        std::string a, b, same;
        std::getline(row, a, ',');
        std::getline(row, b, ',');
        std::getline(row, same);
        for (const auto& file : {a, b})
            if (!embeddings.count(file)) {
                const auto face = largestFace(*analyzer.value(), test::devSet() / file);
                embeddings[file] = face ? std::optional(face->embedding) : std::nullopt;
            }
        const auto& ea = embeddings[a];
        const auto& eb = embeddings[b];
        pairs.push_back({ea && eb ? vision::embeddingDistance(*ea, *eb) : std::nanf(""),
                         same.rfind("1", 0) == 0});
    }
    REQUIRE(pairs.size() == 520);
    const auto report = eval::evaluateVerification(pairs, vision::kSamePersonDistance);
    INFO("false matches " << report.falseMatches << ", false non-matches "
                          << report.falseNonMatches);
    CHECK(report.unscorable == 0);
    CHECK(report.accuracy >= 0.995);
    CHECK(report.rocAuc >= 0.999);
}

TEST_CASE("embeddings are unit length and a mirrored photo is the same person", "[embedding]") {
    auto analyzer =
        vision::FaceAnalyzer::load(test::modelDir(), {}, vision::BackendPreference::Cpu);
    REQUIRE(analyzer.ok());
    const auto original = largestFace(*analyzer.value(), test::devSet() / "images" / "img11.jpg");
    const auto mirrored =
        largestFace(*analyzer.value(), test::devSet() / "images" / "img11_reflection.jpg");
    REQUIRE(original);
    REQUIRE(mirrored);
    float norm = 0;
    for (float v : original->embedding)
        norm += v * v;
    CHECK(std::sqrt(norm) == Approx(1.f).margin(1e-4));
    CHECK(vision::embeddingDistance(original->embedding, mirrored->embedding) <
          vision::kSamePersonDistance);
}

TEST_CASE("a face boxed by hand is described as the detector's own box would be", "[embedding]") {
    auto analyzer =
        vision::FaceAnalyzer::load(test::modelDir(), {}, vision::BackendPreference::Cpu);
    REQUIRE(analyzer.ok());
    for (const char* name : {"img1.jpg", "img47.jpg"}) {  // a JPEG, and a WebP called .jpg
        INFO(name);
        auto photo = image::readImageFile(test::devSet() / "images" / name);
        REQUIRE(photo.ok());
        const auto detected = largestFace(*analyzer.value(), test::devSet() / "images" / name);
        REQUIRE(detected);
        // A person's box is rougher than the detector's: a little larger and off centre.
        cv::Rect2f drawn = detected->box;
        drawn.x -= 0.05f * drawn.width;
        drawn.y += 0.04f * drawn.height;
        drawn.width *= 1.08f;
        drawn.height *= 1.06f;
        const auto described = analyzer.value()->describeBox(photo.value(), drawn);
        REQUIRE(described.ok());
        CHECK(described.value().box == drawn);
        CHECK(vision::embeddingDistance(described.value().embedding, detected->embedding) < 0.15f);
    }
    auto photo = image::readImageFile(test::devSet() / "images" / "img1.jpg");
    CHECK_FALSE(analyzer.value()->describeBox(photo.value(), {10, 10, 4, 4}).ok());
}
