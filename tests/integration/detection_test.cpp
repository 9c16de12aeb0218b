// Kith's multi-scale detector finds what face-api's single pass misses (issue 4): every labelled
// dev photo's face, photos that are nothing but a face, faces cut off by the frame, and all
// seven faces of the dev set's group selfie. Each of its passes boxes a face once, where it is,
// on photos of every shape, and small faces are found down to about 20 px (issue 15).
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "detection_support.h"
#include "face_detector.h"
#include "kith/image.h"
#include "kith/vision.h"
#include "ssd_mobilenet_net.h"
#include "test_support.h"

using namespace kith;
using test::iou;
using test::placeInto;

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
    // face-api's single pass finds 51 of these 61; Kith found 60 when this test was written, 58
    // since second looks put the candidate at half their window (issue 15: faces in the
    // detector's score dip): the top halves of img2, img7 and img23 are missed. A retry at
    // 0.4 for candidates at the border found two back for 6% of the throughput; not kept.
    CHECK(found >= 58);
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

namespace {

// A photo fitted (aspect kept) into the middle of `cell` on a grey canvas, with where its face
// went.
struct Placed {
    cv::Mat bgr;
    cv::Rect2f face;
    cv::Rect photo;  // where the photo is; the rest is grey
};

Placed onCanvas(const Labelled& photo, cv::Size canvasSize, cv::Size photoSize) {
    Placed placed{cv::Mat(canvasSize, CV_8UC3, cv::Scalar::all(128)), {}, {}};
    std::vector<cv::Rect2f> faces;
    placed.photo = placeInto(
        placed.bgr, photo.bgr, photo.face,
        cv::Rect((canvasSize.width - photoSize.width) / 2,
                 (canvasSize.height - photoSize.height) / 2, photoSize.width, photoSize.height),
        faces);
    placed.face = faces.front();
    return placed;
}

// The photo scaled so its face's longer side is `faceSide`, the face in the middle of the
// canvas; beyond the photo, grey.
Placed faceOnCanvas(const Labelled& photo, cv::Size canvasSize, float faceSide) {
    const cv::Rect2f& f = photo.face;
    const float scale = faceSide / std::max(f.width, f.height);
    const cv::Point2f centre(f.x + f.width / 2, f.y + f.height / 2);
    const cv::Mat toCanvas =
        (cv::Mat_<double>(2, 3) << scale, 0, canvasSize.width / 2.0 - centre.x * scale, 0, scale,
         canvasSize.height / 2.0 - centre.y * scale);
    Placed placed;
    cv::warpAffine(photo.bgr, placed.bgr, toCanvas, canvasSize,
                   scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                   cv::Scalar::all(128));
    placed.face = cv::Rect2f(canvasSize.width / 2.f - f.width * scale / 2,
                             canvasSize.height / 2.f - f.height * scale / 2, f.width * scale,
                             f.height * scale);
    const cv::Point2f origin(canvasSize.width / 2.f - centre.x * scale,
                             canvasSize.height / 2.f - centre.y * scale);
    placed.photo = cv::Rect(cv::Rect2f(origin, cv::Size2f(photo.bgr.size()) * scale)) &
                   cv::Rect(cv::Point(0, 0), canvasSize);
    return placed;
}

// The detector alone, so each pass can be run by itself.
struct Detector {
    explicit Detector(const vision::WeightMap& weights) : net(weights) {}

    vision::SsdMobilenetNet net;
    vision::FaceDetector detector{net};
    vision::MultiScalePlan plan;
    float minScore = vision::DetectorSettings{}.minScore;

    static std::unique_ptr<Detector> load() {
        auto weights = vision::WeightMap::load(test::modelDir() /
                                               "ssd_mobilenetv1_model-weights_manifest.json");
        REQUIRE(weights.ok());
        return std::make_unique<Detector>(weights.value());
    }

    std::vector<vision::Detection> pass(const cv::Mat& bgr, const vision::DetectionWindow& w) {
        return detector.detectWindow(bgr, w, minScore, 200);
    }
};

const std::vector<cv::Size> kCanvases = {{1040, 1040}, {840, 1040}, {1040, 840}};

std::string describe(cv::Size canvas) {
    return std::to_string(canvas.width) + "x" + std::to_string(canvas.height);
}

// One box per face, at the face: exactly one box with this IoU with the face, and no other box
// touching it (a box beside the face, half a cell off, is what a mapping error gives).
void checkOneBoxAt(const std::vector<vision::Detection>& boxes, const cv::Rect2f& face,
                   float minIou) {
    std::ostringstream seen;
    for (const auto& b : boxes)
        seen << b.box << " score " << b.score << " IoU " << iou(b.box, face) << "; ";
    INFO("expected " << face << ", boxes: " << seen.str());
    CHECK(std::count_if(boxes.begin(), boxes.end(),
                        [&](const auto& b) { return iou(b.box, face) >= minIou; }) == 1);
    CHECK(std::count_if(boxes.begin(), boxes.end(),
                        [&](const auto& b) { return (b.box & face).area() > 0; }) == 1);
}

// Input pixels per photo pixel in the overview of a photo this size.
float overviewScale(cv::Size photo, const vision::MultiScalePlan& plan) {
    const vision::DetectionWindow overview =
        vision::overviewWindow(photo, plan.overviewLongSide, plan.overviewMargin);
    return overview.input.width / overview.source.width;
}

cv::Point2f centreOf(const cv::Rect2f& box) {
    return {box.x + box.width / 2, box.y + box.height / 2};
}

// Dev portraits of different people (every tenth labelled photo).
std::vector<const Labelled*> somePortraits(vision::FaceAnalyzer& analyzer) {
    std::vector<const Labelled*> some;
    const auto& all = labelledPhotos(analyzer);
    for (size_t i = 0; i < all.size(); i += 10)
        some.push_back(&all[i]);
    return some;
}

}  // namespace

TEST_CASE("each detection pass boxes a face once, where it is, on every shape of photo",
          "[detection]") {
    auto analyzer = kithAnalyzer();
    auto d = Detector::load();
    const vision::MultiScalePlan& plan = d->plan;
    // Each pass is given the face at a size it answers for: the overview about 96 input pixels,
    // the zoom-out a face filling the frame, second looks and tiles a face of 50-80 px. The
    // detector's scores dip for faces of 70-85 input pixels (docs/vision.md); that is the
    // second looks' business, not this test's.
    for (const Labelled* photo : somePortraits(*analyzer))
        for (const cv::Size canvas : kCanvases) {
            INFO(photo->file << " on " << describe(canvas));
            const float longSide = std::max(canvas.width, canvas.height);
            const float shortSide = std::min(canvas.width, canvas.height);
            const Placed portrait = faceOnCanvas(*photo, canvas, 0.3f * longSide);
            const Placed closeUp = faceOnCanvas(*photo, canvas, 0.95f * shortSide);
            const Placed small = onCanvas(*photo, canvas, {160, 200});
            {
                INFO("overview");
                checkOneBoxAt(
                    d->pass(portrait.bgr, vision::overviewWindow(canvas, plan.overviewLongSide,
                                                                 plan.overviewMargin)),
                    portrait.face, 0.7f);
            }
            {
                INFO("zoom-out");
                checkOneBoxAt(
                    d->pass(closeUp.bgr, vision::zoomOutWindow(canvas, plan.zoomOutSide,
                                                               plan.zoomOutImageFraction)),
                    closeUp.face, 0.7f);
            }
            {
                INFO("second look");
                checkOneBoxAt(d->pass(small.bgr, vision::secondLookWindow(small.face, plan)),
                              small.face, 0.7f);
            }
            {
                INFO("tiles");
                std::vector<vision::Detection> boxes;
                for (const auto& tile :
                     vision::tileWindows(canvas, plan.tileSide,
                                         std::min(1.f, overviewScale(canvas, plan) * plan.tileZoom),
                                         plan.tileOverlap, plan.overviewMargin)) {
                    // A tile sees the face whole or drops it, and never boxes the grey.
                    for (const auto& b : d->pass(small.bgr, tile)) {
                        INFO("box " << b.box);
                        CHECK(small.photo.contains(centreOf(b.box)));
                        if ((b.box & small.face).area() > 0) boxes.push_back(b);
                    }
                }
                CHECK_FALSE(boxes.empty());
                for (const auto& b : boxes)
                    CHECK(iou(b.box, small.face) >= 0.65f);  // 0.68 at worst when written
            }
            for (const Placed* p : {&portrait, &closeUp, &small}) {
                INFO("all passes, face " << p->face);
                auto faces = analyzer->analyzePixels(p->bgr);
                REQUIRE(faces.ok());
                std::vector<vision::Detection> boxes;
                for (const auto& f : faces.value())
                    boxes.push_back({f.box, f.score});
                checkOneBoxAt(boxes, p->face, 0.7f);
            }
        }
}

TEST_CASE("a face the overview sees at 70-85 px, where the detector's scores dip, is found",
          "[detection]") {
    auto analyzer = kithAnalyzer();
    const vision::MultiScalePlan plan;
    int faces = 0, found = 0;
    for (const Labelled* photo : somePortraits(*analyzer))
        for (const cv::Size canvas : kCanvases)
            for (const float inputSide : {72.f, 78.f, 84.f}) {
                // The face's longer side at `inputSide` pixels of the overview's input.
                const Placed p =
                    faceOnCanvas(*photo, canvas, inputSide / overviewScale(canvas, plan));
                auto boxes = analyzer->analyzePixels(p.bgr);
                REQUIRE(boxes.ok());
                ++faces;
                const bool hit =
                    std::any_of(boxes.value().begin(), boxes.value().end(),
                                [&](const auto& f) { return iou(f.box, p.face) >= 0.7f; });
                found += hit;
                if (!hit) {
                    std::ostringstream seen;
                    for (const auto& f : boxes.value())
                        seen << f.box << " IoU " << iou(f.box, p.face) << "; ";
                    WARN(photo->file << " on " << describe(canvas) << " at " << inputSide << ": "
                                     << seen.str());
                }
            }
    CHECK(found == faces);
}

TEST_CASE("a 5x5 grid of portraits yields 24 of its 25 faces down to 20 px, and no other box",
          "[detection]") {
    auto analyzer = kithAnalyzer();
    const auto& portraits = test::numberedPortraits(*analyzer);
    // `montage -geometry Wx(1.25 W)+4+4 -tile 5x5`, on white: faces of about 55, 40, 30, 20 px.
    for (const int tileWidth : {160, 112, 80, 64}) {
        const int tileHeight = tileWidth * 5 / 4, border = 4;
        cv::Mat grid(5 * (tileHeight + 2 * border), 5 * (tileWidth + 2 * border), CV_8UC3,
                     cv::Scalar::all(255));
        std::vector<cv::Rect2f> truths, otherFaces;
        for (int i = 0; i < 25; ++i) {
            const cv::Rect cell((i % 5) * (tileWidth + 2 * border) + border,
                                (i / 5) * (tileHeight + 2 * border) + border, tileWidth,
                                tileHeight);
            const auto& [bgr, faces] = portraits[i];
            std::vector<cv::Rect2f> placed;
            for (const auto& face : faces)
                placeInto(grid, bgr, face, cell, placed);
            truths.push_back(placed.front());
            otherFaces.insert(otherFaces.end(), placed.begin() + 1, placed.end());
        }
        auto found = analyzer->analyzePixels(grid);
        REQUIRE(found.ok());
        auto matches = [&](const std::vector<cv::Rect2f>& faces, const cv::Rect2f& box) {
            return std::any_of(faces.begin(), faces.end(),
                               [&](const auto& f) { return iou(f, box) >= 0.3f; });
        };
        int hits = 0, falseBoxes = 0;
        for (const auto& truth : truths)
            hits += std::any_of(found.value().begin(), found.value().end(),
                                [&](const auto& f) { return iou(f.box, truth) >= 0.3f; });
        for (const auto& f : found.value())
            falseBoxes += !matches(truths, f.box) && !matches(otherFaces, f.box);
        INFO("tiles " << tileWidth << " px wide: " << hits << "/25 faces, " << falseBoxes
                      << " other boxes");
        CHECK(hits >= 24);
        CHECK(falseBoxes <= 1);
    }
}
