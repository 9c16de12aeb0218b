// Small faces in camera-sized photos (issue 15): a crowd far away is found by tiles that zoom
// in level by level, up to the photo's full resolution read from the file; a thorough sweep
// (MultiScalePlan::sweep) finds even a lone small face. The photos are JPEG files' bytes,
// analysed as a scan reads them: decoded reduced, finer pixels read region by region.
#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>

#include "detection_support.h"
#include "kith/image.h"
#include "kith/vision.h"
#include "test_support.h"

using namespace kith;
using test::iou;

namespace {

std::unique_ptr<vision::FaceAnalyzer> analyzerWith(const vision::MultiScalePlan& plan) {
    vision::AnalyzerSettings settings;
    settings.detector.multiScale = plan;
    auto analyzer =
        vision::FaceAnalyzer::load(test::modelDir(), settings, vision::BackendPreference::Cpu);
    REQUIRE(analyzer.ok());
    return std::move(analyzer.value());
}

// A photo as a scan meets it: a JPEG file's bytes.
image::EncodedImage asJpeg(const cv::Mat& bgr, const std::string& name) {
    std::vector<unsigned char> bytes;
    REQUIRE(cv::imencode(".jpg", bgr, bytes, {cv::IMWRITE_JPEG_QUALITY, 92}));
    auto photo = image::inspectImage(std::move(bytes), name);
    REQUIRE(photo.ok());
    return photo.value();
}

struct Scene {
    cv::Mat bgr;
    std::vector<cv::Rect2f> truths, otherFaces;
};

// img1..img25 spread over a 5x5 grid of cells on white, each shrunk to tileWidth x 1.25
// tileWidth: a crowd far away.
Scene spreadCrowd(vision::FaceAnalyzer& analyzer, cv::Size canvas, int tileWidth) {
    Scene scene{cv::Mat(canvas, CV_8UC3, cv::Scalar::all(255)), {}, {}};
    const auto& portraits = test::numberedPortraits(analyzer);
    const int cellWidth = canvas.width / 5, cellHeight = canvas.height / 5;
    const int tileHeight = tileWidth * 5 / 4;
    for (int i = 0; i < 25; ++i) {
        const cv::Rect cell((i % 5) * cellWidth + (cellWidth - tileWidth) / 2,
                            (i / 5) * cellHeight + (cellHeight - tileHeight) / 2, tileWidth,
                            tileHeight);
        std::vector<cv::Rect2f> placed;
        for (const auto& face : portraits[i].faces)
            test::placeInto(scene.bgr, portraits[i].bgr, face, cell, placed);
        scene.truths.push_back(placed.front());
        scene.otherFaces.insert(scene.otherFaces.end(), placed.begin() + 1, placed.end());
    }
    return scene;
}

struct Count {
    int faces = 0, otherBoxes = 0;
};

Count countFound(const std::vector<vision::Face>& found, const Scene& scene) {
    auto matches = [](const std::vector<cv::Rect2f>& faces, const cv::Rect2f& box) {
        return std::any_of(faces.begin(), faces.end(),
                           [&](const auto& f) { return iou(f, box) >= 0.3f; });
    };
    Count count;
    for (const auto& truth : scene.truths)
        count.faces += std::any_of(found.begin(), found.end(),
                                   [&](const auto& f) { return iou(f.box, truth) >= 0.3f; });
    for (const auto& f : found)
        count.otherBoxes += !matches(scene.truths, f.box) && !matches(scene.otherFaces, f.box);
    return count;
}

}  // namespace

TEST_CASE("a crowd far away in a 12-megapixel photo is found by tiles zooming in level by level",
          "[detection][large]") {
    auto probe = analyzerWith({});
    // Faces of about 100 px in a 4000-px photo: 8 input pixels in the overview, 16 in the first
    // level of tiles, where the detector starts to find them.
    const Scene crowd = spreadCrowd(*probe, {4000, 3000}, 320);
    const image::EncodedImage photo = asJpeg(crowd.bgr, "crowd.jpg");

    vision::MultiScalePlan oneLevel;
    oneLevel.tileLevels = 1;
    auto faces = analyzerWith(oneLevel)->analyze(photo);
    REQUIRE(faces.ok());
    const Count first = countFound(faces.value(), crowd);

    vision::AnalyzeTimings timings;
    faces = probe->analyze(photo, &timings);
    REQUIRE(faces.ok());
    const Count levels = countFound(faces.value(), crowd);
    INFO("one level of tiles: " << first.faces << "/25 faces, " << first.otherBoxes
                                << " other boxes; every level: " << levels.faces << "/25, "
                                << levels.otherBoxes << " other boxes, " << timings.detectorPasses
                                << " passes");
    CHECK(levels.faces >= 24);
    CHECK(levels.faces >= first.faces);
    CHECK(levels.otherBoxes <= 1);
}

TEST_CASE(
    "a sweep finds a lone 20-px face in a large photo, at its place, from the file's full "
    "resolution",
    "[detection][large]") {
    auto probe = analyzerWith({});
    // img2 shrunk so its face is 20 px tall, in a 2400x1800 photo: decoded at half size for
    // detection, where the face is 10 pixels, too small for any zoom of the raster; only the
    // file's own pixels show it large enough. The default plan leaves a lone face this small
    // (nothing around it is seen small enough to zoom in): docs/vision.md, "Limits".
    const auto& portrait = test::numberedPortraits(*probe)[1];
    Scene scene{cv::Mat(cv::Size(2400, 1800), CV_8UC3, cv::Scalar::all(128)), {}, {}};
    for (const auto& face : portrait.faces) {
        std::vector<cv::Rect2f>& into = scene.truths.empty() ? scene.truths : scene.otherFaces;
        test::placeInto(scene.bgr, portrait.bgr, face, cv::Rect(1500, 700, 64, 80), into);
    }
    const image::EncodedImage photo = asJpeg(scene.bgr, "lone.jpg");
    const cv::Rect2f& truth = scene.truths.front();
    INFO("the face at " << truth);
    REQUIRE(std::max(truth.width, truth.height) <= 21.f);

    vision::MultiScalePlan sweep;
    sweep.sweep = true;
    vision::AnalyzeTimings timings;
    auto faces = analyzerWith(sweep)->analyze(photo, &timings);
    REQUIRE(faces.ok());
    std::ostringstream seen;
    for (const auto& f : faces.value())
        seen << f.box << " score " << f.score << " IoU " << iou(f.box, truth) << "; ";
    INFO("found: " << seen.str() << timings.detectorPasses << " passes");
    CHECK(std::count_if(faces.value().begin(), faces.value().end(),
                        [&](const auto& f) { return iou(f.box, truth) >= 0.5f; }) == 1);
    CHECK(countFound(faces.value(), scene).otherBoxes == 0);
}
