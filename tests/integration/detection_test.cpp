// Kith's multi-scale detector finds what face-api's single pass misses (issue 4): every labelled
// dev photo's face, photos that are nothing but a face, faces cut off by the frame, and all
// seven faces of the dev set's group selfie.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "kith/image.h"
#include "kith/vision.h"
#include "test_support.h"

using namespace kith;

namespace {

std::unique_ptr<vision::FaceAnalyzer> kithAnalyzer() {
    auto analyzer =
        vision::FaceAnalyzer::load(test::modelDir(), {}, vision::BackendPreference::Cpu);
    REQUIRE(analyzer.ok());
    return std::move(analyzer.value());
}

struct Labelled {
    std::string file;
    cv::Mat bgr;      // full size
    cv::Rect2f face;  // the largest face Kith finds in it
};

// Every labelled dev photo with its largest face.
const std::vector<Labelled>& labelledPhotos(vision::FaceAnalyzer& analyzer) {
    static std::vector<Labelled> photos;
    if (!photos.empty()) return photos;
    std::ifstream labels(test::devSet() / "labels.csv");
    std::string line;
    std::getline(labels, line);
    while (std::getline(labels, line)) {
        const std::string file = line.substr(0, line.find(','));
        auto photo = image::readImageFile(test::devSet() / file);
        REQUIRE(photo.ok());
        auto faces = analyzer.analyze(photo.value());
        REQUIRE(faces.ok());
        INFO(file);
        REQUIRE_FALSE(faces.value().empty());
        const vision::Face* largest = vision::largestFace(faces.value());
        photos.push_back({file, image::decode(photo.value()).value().bgr, largest->box});
    }
    return photos;
}

float iou(const cv::Rect2f& a, const cv::Rect2f& b) {
    const float inter = (a & b).area();
    return inter / (a.area() + b.area() - inter);
}

bool findsFace(vision::FaceAnalyzer& analyzer, const cv::Mat& bgr, const cv::Rect2f& expected) {
    auto faces = analyzer.analyzePixels(bgr);
    REQUIRE(faces.ok());
    return std::any_of(faces.value().begin(), faces.value().end(),
                       [&](const auto& f) { return iou(f.box, expected) >= 0.3f; });
}

}  // namespace

TEST_CASE("every labelled dev photo yields its face", "[detection]") {
    auto analyzer = kithAnalyzer();
    CHECK(labelledPhotos(*analyzer).size() == 61);  // each one REQUIREd a face on the way
}

TEST_CASE("a photo that is only a face yields it, at 64 to 128 px, in colour and in grey",
          "[detection]") {
    auto analyzer = kithAnalyzer();
    int crops = 0, found = 0;
    for (const auto& photo : labelledPhotos(*analyzer)) {
        // A badge photo: the face with a little margin, 92:112 like an ID photo.
        const cv::Rect2f& f = photo.face;
        const float height = f.height * 1.15f, width = height * 92.f / 112.f;
        const cv::Rect region = cv::Rect(static_cast<int>(f.x + f.width / 2 - width / 2),
                                         static_cast<int>(f.y + f.height / 2 - height / 2),
                                         static_cast<int>(width), static_cast<int>(height)) &
                                cv::Rect(0, 0, photo.bgr.cols, photo.bgr.rows);
        for (const auto& [side, grey] : {std::pair{64, false}, {92, true}, {128, false}}) {
            const double scale = static_cast<double>(side) / region.width;
            cv::Mat badge;
            cv::resize(photo.bgr(region), badge, cv::Size(), scale, scale, cv::INTER_AREA);
            if (grey) {
                cv::cvtColor(badge, badge, cv::COLOR_BGR2GRAY);
                cv::cvtColor(badge, badge, cv::COLOR_GRAY2BGR);
            }
            const cv::Rect2f face((f.x - region.x) * scale, (f.y - region.y) * scale,
                                  f.width * scale, f.height * scale);
            ++crops;
            const bool hit = findsFace(*analyzer, badge, face);
            if (hit)
                ++found;
            else
                WARN("no face in the " << side << " px badge crop of " << photo.file);
        }
    }
    CHECK(found == crops);
}

TEST_CASE("faces cut off by the frame are found", "[detection]") {
    auto analyzer = kithAnalyzer();
    int cuts = 0, found = 0;
    for (const auto& photo : labelledPhotos(*analyzer)) {
        // Half the face beyond the left, top, right or bottom edge, in turn.
        const int side = cuts % 4;
        const cv::Rect2f& f = photo.face;
        cv::Rect keep(0, 0, photo.bgr.cols, photo.bgr.rows);
        if (side == 0) keep.x = static_cast<int>(f.x + f.width / 2);
        if (side == 1) keep.y = static_cast<int>(f.y + f.height / 2);
        if (side == 2) keep.width = static_cast<int>(f.x + f.width / 2);
        if (side == 3) keep.height = static_cast<int>(f.y + f.height / 2);
        keep.width -= keep.x;
        keep.height -= keep.y;
        const cv::Rect2f visible =
            (f - cv::Point2f(keep.tl())) & cv::Rect2f(0, 0, keep.width, keep.height);
        ++cuts;
        if (findsFace(*analyzer, photo.bgr(keep).clone(), visible))
            ++found;
        else
            WARN("the cut-off face of " << photo.file << " (side " << side << ") was not found");
    }
    // face-api's single pass finds 51 of these 61; Kith found 60 when this test was written.
    CHECK(found >= 59);
}

TEST_CASE("all seven faces of the group selfie are found, two of them cut off by the frame",
          "[detection]") {
    std::ifstream in(std::string(KITH_SOURCE_DIR) +
                     "/tests/fixtures/selfie-many-people.faces.json");
    const auto truth = nlohmann::json::parse(in);
    auto photo = image::readImageFile(test::devSet() / truth["file"].get<std::string>());
    REQUIRE(photo.ok());
    auto analyzer = kithAnalyzer();
    auto faces = analyzer->analyze(photo.value());
    REQUIRE(faces.ok());
    for (const auto& b : truth["faces"]) {
        const cv::Rect2f expected(b[0], b[1], b[2], b[3]);
        INFO("hand-boxed face " << expected);
        CHECK(std::any_of(faces.value().begin(), faces.value().end(),
                          [&](const auto& f) { return iou(f.box, expected) >= 0.3f; }));
    }
    CHECK(faces.value().size() == truth["faces"].size());  // and nothing else
}

TEST_CASE("the couple photo yields both faces, with landmarks inside their boxes", "[detection]") {
    auto photo = image::readImageFile(test::devSet() / "images" / "couple.jpg");
    REQUIRE(photo.ok());
    auto analyzer = kithAnalyzer();
    auto faces = analyzer->analyze(photo.value());
    REQUIRE(faces.ok());
    REQUIRE(faces.value().size() == 2);
    for (const auto& face : faces.value()) {
        const cv::Rect2f grown(face.box.x - face.box.width * 0.2f,
                               face.box.y - face.box.height * 0.2f, face.box.width * 1.4f,
                               face.box.height * 1.4f);
        for (const auto& p : face.landmarks)
            CHECK(grown.contains(p));
    }
}
