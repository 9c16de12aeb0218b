#include "tensor_input.h"

#include <catch2/catch.hpp>

using namespace kith::vision;

TEST_CASE("the legacy TF bilinear resize samples at dst * in / out, without half-pixel offsets",
          "[vision]") {
    // One channel-uniform row 0, 10, 20, 30 shrunk to 2 and grown to 8 pixels.
    cv::Mat row(1, 4, CV_32FC3);
    for (int x = 0; x < 4; ++x)
        row.at<cv::Vec3f>(0, x) = cv::Vec3f::all(10.f * x);
    const cv::Mat shrunk = resizeBilinearLegacy(row, 2, 1);
    CHECK(shrunk.at<cv::Vec3f>(0, 0)[0] == Approx(0.f));   // source x = 0
    CHECK(shrunk.at<cv::Vec3f>(0, 1)[1] == Approx(20.f));  // source x = 2
    const cv::Mat grown = resizeBilinearLegacy(row, 8, 1);
    CHECK(grown.at<cv::Vec3f>(0, 1)[2] == Approx(5.f));   // source x = 0.5
    CHECK(grown.at<cv::Vec3f>(0, 7)[0] == Approx(30.f));  // source x = 3.5, clamped to the edge
}

TEST_CASE("padding to a square follows face-api: detector top-left, crops centred", "[vision]") {
    const cv::Mat wide(2, 5, CV_32FC3, cv::Scalar::all(1));
    const cv::Mat topLeft = padToSquare(wide, SquarePlacement::TopLeft);
    REQUIRE(topLeft.size() == cv::Size(5, 5));
    CHECK(topLeft.at<cv::Vec3f>(1, 0)[0] == 1.f);
    CHECK(topLeft.at<cv::Vec3f>(2, 0)[0] == 0.f);
    const cv::Mat centred = padToSquare(wide, SquarePlacement::Centered);
    // 3 rows of padding: round(1.5) = 2 after the image, 1 before it.
    CHECK(centred.at<cv::Vec3f>(0, 0)[0] == 0.f);
    CHECK(centred.at<cv::Vec3f>(1, 0)[0] == 1.f);
    CHECK(centred.at<cv::Vec3f>(2, 0)[0] == 1.f);
    CHECK(centred.at<cv::Vec3f>(3, 0)[0] == 0.f);
}

TEST_CASE("input blobs are NCHW with the mean subtracted and scaled", "[vision]") {
    cv::Mat image(1, 2, CV_32FC3);
    image.at<cv::Vec3f>(0, 0) = {10, 20, 30};
    image.at<cv::Vec3f>(0, 1) = {40, 50, 60};
    const cv::Mat blob = makeInputBlob({image, image}, {10, 20, 30}, 0.5f);
    REQUIRE(blob.size[0] == 2);
    REQUIRE(blob.size[1] == 3);
    const float* data = blob.ptr<float>();
    CHECK(data[0] == 0.f);       // n0 c0 x0
    CHECK(data[1] == 15.f);      // n0 c0 x1: (40 - 10) / 2
    CHECK(data[5] == 15.f);      // n0 c2 x1: (60 - 30) / 2
    CHECK(data[6 + 3] == 15.f);  // n1 c1 x1: (50 - 20) / 2
}
