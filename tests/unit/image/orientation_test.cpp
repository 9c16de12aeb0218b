#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "kith/image.h"
#include "test_support.h"

using namespace kith;

namespace {

// A small image whose every pixel is distinct.
cv::Mat numbered(int width, int height) {
    cv::Mat m(height, width, CV_32S);
    for (int i = 0; i < width * height; ++i)
        m.at<int>(i / width, i % width) = i;
    return m;
}

}  // namespace

TEST_CASE("orientation 6 turns the stored image a quarter turn clockwise", "[image]") {
    const cv::Mat stored = numbered(3, 2);
    const cv::Mat seen = image::applyOrientation(stored, 6);
    REQUIRE(seen.size() == cv::Size(2, 3));
    // Stored top-left ends up top-right; stored bottom-left ends up top-left.
    CHECK(seen.at<int>(0, 1) == stored.at<int>(0, 0));
    CHECK(seen.at<int>(0, 0) == stored.at<int>(1, 0));
}

TEST_CASE("oriented rectangles map back to the stored pixels they show, for all 8 orientations",
          "[image]") {
    const cv::Mat stored = numbered(5, 3);
    for (int orientation = 1; orientation <= 8; ++orientation) {
        const cv::Mat seen = image::applyOrientation(stored, orientation);
        for (int y = 0; y < seen.rows; ++y)
            for (int x = 0; x < seen.cols; ++x) {
                const cv::Rect back = image::orientedToStored(cv::Rect(x, y, 1, 1), orientation,
                                                              stored.cols, stored.rows);
                INFO("orientation " << orientation << " pixel " << x << "," << y);
                REQUIRE(back.area() == 1);
                CHECK(stored.at<int>(back.y, back.x) == seen.at<int>(y, x));
            }
    }
}

TEST_CASE("a rotated JPEG with an EXIF orientation decodes upright, whole and by region",
          "[image]") {
    const cv::Mat upright = cv::imread((test::devSet() / "images" / "img10.jpg").string());
    REQUIRE(!upright.empty());
    for (int orientation : {3, 6, 8}) {
        // Store the pixels so that applying the orientation gives the upright photo back.
        cv::Mat stored;
        if (orientation == 3) cv::rotate(upright, stored, cv::ROTATE_180);
        if (orientation == 6) cv::rotate(upright, stored, cv::ROTATE_90_COUNTERCLOCKWISE);
        if (orientation == 8) cv::rotate(upright, stored, cv::ROTATE_90_CLOCKWISE);
        auto photo =
            image::inspectImage(test::jpegWithOrientation(stored, orientation), "rotated.jpg");
        REQUIRE(photo.ok());
        CHECK(photo.value().orientation == orientation);
        CHECK(photo.value().width() == upright.cols);
        CHECK(photo.value().height() == upright.rows);

        auto decoded = image::decode(photo.value());
        REQUIRE(decoded.ok());
        REQUIRE(decoded.value().bgr.size() == upright.size());
        CHECK(cv::norm(decoded.value().bgr, upright, cv::NORM_L1) / upright.total() < 10.0);

        const cv::Rect region(57, 101, 130, 90);
        auto part = image::decodeRegion(photo.value(), region);
        REQUIRE(part.ok());
        REQUIRE(part.value().size() == region.size());
        cv::Mat difference;
        cv::absdiff(part.value(), decoded.value().bgr(region), difference);
        CHECK(cv::mean(difference)[0] < 1.0);
    }
}

TEST_CASE("a TIFF with an orientation tag is turned once, not twice (issue 17)", "[image]") {
    // OpenCV's TIFF decoder applies the tag itself, whatever it is told; found by fuzz_image.
    cv::Mat stored(25, 40, CV_8UC3);
    cv::randu(stored, 0, 256);
    for (const std::string extension : {".tiff", ".png"}) {
        for (int orientation = 1; orientation <= 8; ++orientation) {
            INFO(extension << " orientation " << orientation);
            auto photo = image::inspectImage(
                test::encodedWithOrientation(stored, extension, orientation), "turned");
            REQUIRE(photo.ok());
            REQUIRE(photo.value().orientation == orientation);
            const cv::Mat seen = image::applyOrientation(stored, orientation);
            auto decoded = image::decode(photo.value());
            REQUIRE(decoded.ok());
            REQUIRE(decoded.value().bgr.size() == seen.size());
            CHECK(cv::norm(decoded.value().bgr, seen, cv::NORM_INF) == 0);
            const cv::Rect region(3, 5, 10, 12);
            auto part = image::decodeRegion(photo.value(), region);
            REQUIRE(part.ok());
            REQUIRE(part.value().size() == region.size());
            CHECK(cv::norm(part.value(), seen(region), cv::NORM_INF) == 0);
        }
    }
}
