// Photos are seen the way they are meant to be seen (issue 4): EXIF orientation is applied
// before detection, and a very large photo is detected at a reduced size and embedded from a
// full-size decode of the face's region.
#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "kith/image.h"
#include "kith/vision.h"
#include "test_support.h"

using namespace kith;

namespace {

vision::Face onlyFace(vision::FaceAnalyzer& analyzer, const image::EncodedImage& photo,
                      vision::AnalyzeTimings* timings = nullptr) {
    auto faces = analyzer.analyze(photo, timings);
    REQUIRE(faces.ok());
    REQUIRE(faces.value().size() == 1);
    return faces.value().front();
}

float iou(const cv::Rect2f& a, const cv::Rect2f& b) {
    const float inter = (a & b).area();
    return inter / (a.area() + b.area() - inter);
}

}  // namespace

TEST_CASE("a photo stored sideways with an EXIF orientation gives the upright photo's face",
          "[orientation]") {
    auto analyzer =
        vision::FaceAnalyzer::load(test::modelDir(), {}, vision::BackendPreference::Cpu);
    REQUIRE(analyzer.ok());
    const cv::Mat upright = cv::imread((test::devSet() / "images" / "img14.jpg").string());
    auto uprightPhoto = image::inspectImage(test::jpegWithOrientation(upright, 1), "upright.jpg");
    REQUIRE(uprightPhoto.ok());
    const vision::Face expected = onlyFace(*analyzer.value(), uprightPhoto.value());

    cv::Mat sideways;  // what a camera held sideways stores: orientation 6 turns it upright
    cv::rotate(upright, sideways, cv::ROTATE_90_COUNTERCLOCKWISE);
    auto rotated = image::inspectImage(test::jpegWithOrientation(sideways, 6), "rotated.jpg");
    REQUIRE(rotated.ok());
    CHECK(rotated.value().width() == upright.cols);
    const vision::Face face = onlyFace(*analyzer.value(), rotated.value());
    CHECK(iou(face.box, expected.box) > 0.8f);
    CHECK(vision::embeddingDistance(face.embedding, expected.embedding) < 0.1f);

    // Without orientation the same pixels are a face lying on its side, which is not found the
    // same way: proof that the orientation above was really applied.
    auto ignored = image::inspectImage(test::jpegWithOrientation(sideways, 1), "ignored.jpg");
    REQUIRE(ignored.ok());
    auto lying = analyzer.value()->analyze(ignored.value());
    REQUIRE(lying.ok());
    CHECK(std::none_of(lying.value().begin(), lying.value().end(),
                       [&](const auto& f) { return iou(f.box, expected.box) > 0.5f; }));
}

TEST_CASE("a 27-megapixel photo is detected reduced and embedded from full-size pixels",
          "[orientation][large]") {
    auto analyzer =
        vision::FaceAnalyzer::load(test::modelDir(), {}, vision::BackendPreference::Cpu);
    REQUIRE(analyzer.ok());
    const cv::Mat portrait = cv::imread((test::devSet() / "images" / "img10.jpg").string());
    auto original = image::inspectImage(test::jpegWithOrientation(portrait, 1), "portrait.jpg");
    REQUIRE(original.ok());
    const vision::Face expected = onlyFace(*analyzer.value(), original.value());

    // The portrait, enlarged 1.5x, in a corner of a big photo: in the reduced decode its face
    // has too few pixels for a good chip, so the analyzer must go back to the full-size photo.
    cv::Mat big(4500, 6000, CV_8UC3, cv::Scalar(110, 120, 100));
    cv::randn(big, cv::Scalar::all(120), cv::Scalar::all(25));
    cv::Mat enlarged;
    cv::resize(portrait, enlarged, cv::Size(), 1.5, 1.5, cv::INTER_CUBIC);
    const cv::Point at(400, 300);
    enlarged.copyTo(big(cv::Rect(at, enlarged.size())));
    auto photo = image::inspectImage(test::jpegWithOrientation(big, 1), "big.jpg");
    REQUIRE(photo.ok());
    vision::AnalyzeTimings timings;
    const vision::Face face = onlyFace(*analyzer.value(), photo.value(), &timings);
    const cv::Rect2f where(expected.box.x * 1.5f + at.x, expected.box.y * 1.5f + at.y,
                           expected.box.width * 1.5f, expected.box.height * 1.5f);
    CHECK(iou(face.box, where) > 0.6f);
    CHECK(timings.fullResolutionRegions == 1);
    CHECK(vision::embeddingDistance(face.embedding, expected.embedding) < 0.2f);
}
