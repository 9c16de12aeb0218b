// What the detection tests share: placing photos on a canvas, and comparing boxes.
#pragma once

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "kith/image.h"
#include "kith/vision.h"
#include "test_support.h"

namespace kith::test {

/// A photo and every face Kith finds in it at full size, largest first.
struct PortraitWithFaces {
    cv::Mat bgr;
    std::vector<cv::Rect2f> faces;
};

/// The dev set's img1..img25 (the photos `montage img{1..25}.jpg` takes), with their faces.
inline const std::vector<PortraitWithFaces>& numberedPortraits(vision::FaceAnalyzer& analyzer) {
    static std::vector<PortraitWithFaces> portraits;
    if (!portraits.empty()) return portraits;
    for (int i = 1; i <= 25; ++i) {
        auto photo =
            image::readImageFile(devSet() / "images" / ("img" + std::to_string(i) + ".jpg"));
        REQUIRE(photo.ok());
        auto faces = analyzer.analyze(photo.value());
        REQUIRE(faces.ok());
        REQUIRE_FALSE(faces.value().empty());
        PortraitWithFaces p{image::decode(photo.value()).value().bgr, {}};
        for (const auto& f : faces.value())
            p.faces.push_back(f.box);
        std::sort(p.faces.begin(), p.faces.end(),
                  [](const auto& a, const auto& b) { return a.area() > b.area(); });
        portraits.push_back(std::move(p));
    }
    return portraits;
}

inline float iou(const cv::Rect2f& a, const cv::Rect2f& b) {
    const float inter = (a & b).area();
    return inter / (a.area() + b.area() - inter);
}

/// `photo` fitted (aspect kept) into the middle of `cell` of `canvas`; `face` (a box in the
/// photo) is appended to `faces` where it went. Returns where the photo went.
inline cv::Rect placeInto(cv::Mat& canvas, const cv::Mat& photo, const cv::Rect2f& face,
                          cv::Rect cell, std::vector<cv::Rect2f>& faces) {
    const double scale = std::min(static_cast<double>(cell.width) / photo.cols,
                                  static_cast<double>(cell.height) / photo.rows);
    cv::Mat small;
    cv::resize(photo, small, cv::Size(), scale, scale,
               scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    const cv::Point at(cell.x + (cell.width - small.cols) / 2,
                       cell.y + (cell.height - small.rows) / 2);
    small.copyTo(canvas(cv::Rect(at, small.size())));
    faces.emplace_back(at.x + face.x * scale, at.y + face.y * scale, face.width * scale,
                       face.height * scale);
    return cv::Rect(at, small.size());
}

}  // namespace kith::test
