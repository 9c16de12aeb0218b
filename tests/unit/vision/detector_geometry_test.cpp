#include <catch2/catch.hpp>

#include "face_detector.h"

using namespace kith::vision;

TEST_CASE("tiles cover every pixel of the photo and overlap their neighbours", "[vision]") {
    const cv::Size photo(1000, 700);
    const auto tiles = tileWindows(photo, 448, 0.9f, 0.25f, 0.1f);
    REQUIRE(tiles.size() > 1);
    cv::Mat covered(photo, CV_8U, cv::Scalar(0));
    for (const auto& tile : tiles) {
        CHECK(tile.isTile);
        CHECK(tile.input.width <= 448 * 1.25);  // at most the margin beyond the side
        covered(cv::Rect(tile.source) & cv::Rect(cv::Point(0, 0), photo)) += 1;
    }
    CHECK(cv::countNonZero(covered) == photo.area());
    double minCount, maxCount;
    cv::minMaxLoc(covered, &minCount, &maxCount);
    CHECK(maxCount >= 2);
}

TEST_CASE("a box cut by an inner tile edge is dropped but one at the photo edge is kept",
          "[vision]") {
    const cv::Size photo(1000, 700);
    const DetectionWindow tile{cv::Rect2f(500, 0, 500, 500), cv::Size(448, 448), true};
    CHECK(cutByInnerEdge({cv::Rect2f(500, 100, 60, 80), 0.9f}, tile, photo));  // left edge: inner
    CHECK(cutByInnerEdge({cv::Rect2f(700, 440, 60, 60), 0.9f}, tile, photo));  // bottom: inner
    CHECK_FALSE(cutByInnerEdge({cv::Rect2f(940, 100, 60, 80), 0.9f}, tile, photo));  // photo edge
    CHECK_FALSE(cutByInnerEdge({cv::Rect2f(700, 200, 60, 80), 0.9f}, tile, photo));  // inside
}

TEST_CASE("overlap suppression keeps the best box of each face and every separate face",
          "[vision]") {
    const std::vector<Detection> boxes = {
        {cv::Rect2f(10, 10, 100, 100), 0.8f},
        {cv::Rect2f(15, 12, 100, 100), 0.95f},  // the same face, better
        {cv::Rect2f(30, 30, 40, 40), 0.6f},     // inside the face: a part of it
        {cv::Rect2f(300, 10, 100, 100), 0.7f},  // another face
    };
    const auto kept = suppressOverlaps(boxes, 0.4f, 0.75f, 10);
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].score == 0.95f);
    CHECK(kept[1].box.x == 300.f);
    CHECK(suppressOverlaps(boxes, 0.4f, 0.75f, 1).size() == 1);
}

TEST_CASE("the zoomed-out window centres the photo with a grey surround", "[vision]") {
    const auto window = zoomOutWindow(cv::Size(92, 112), 224, 0.5f);
    CHECK(window.border == Border::Grey);
    CHECK(window.source.width == Approx(224.f));
    CHECK(window.source.x + window.source.width / 2 == Approx(46.f));
}
