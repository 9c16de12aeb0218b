// Cutting faces out for the landmark and recognition networks: face-api's crops (reproduced
// exactly for parity) and Kith's similarity-aligned chip.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <vector>

#include "kith/vision.h"

namespace kith::vision {

using Landmarks = std::array<cv::Point2f, kLandmarkCount>;

/// How a crop is resized to the network input.
enum class Resampling {
    TfLegacyBilinear,  // face-api's: exact parity, but aliases when shrinking a lot
    AreaOrLinear,      // area averaging when shrinking, bilinear when enlarging
};

/// face-api's Box.clipAtImageBorders: the box clipped to the image, then floored.
cv::Rect faceApiClip(const cv::Rect2f& box, cv::Size image);

/// A face crop padded to a centred square with zeros and resized to side x side, as face-api
/// feeds its landmark (112) and recognition (150) networks. Output CV_32FC3 RGB, 0..255.
cv::Mat squareCropInput(const cv::Mat& bgr, const cv::Rect& crop, int side, Resampling resampling);

/// Landmarks in image pixels from the landmark network's output for `crop` (0..1 in the
/// padded square). `origin` is where face-api places them: the detector box's corner (its
/// quirk) for parity, the crop's corner otherwise.
Landmarks landmarksInImage(const std::vector<cv::Point2f>& relative, const cv::Rect& crop,
                           cv::Point2f origin);

/// The side, in the landmarks' pixels, of the square a recognition crop covers.
float recognitionFrameSide(const Landmarks& points);

/// face-api's `useDlibAlignment` box from the eye and mouth centres.
cv::Rect2f faceApiRecognitionBox(const Landmarks& points, cv::Size detectorCrop);

/// Kith's aligned chip: the face rotated so the eyes are level, scaled and placed as face-api
/// frames its recognition crop. Output side x side CV_32FC3 RGB, 0..255.
cv::Mat similarityChip(const cv::Mat& bgr, const Landmarks& points, int side);

}  // namespace kith::vision
