// Image-to-tensor steps shared by the three networks, written to match TensorFlow.js exactly
// where face-api parity matters.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <vector>

namespace kith::vision {

/// Packs same-sized CV_32FC3 RGB images into an NCHW blob, computing (value - mean[c]) * scale.
cv::Mat makeInputBlob(const std::vector<cv::Mat>& rgbImages, const std::array<float, 3>& mean,
                      float scale);

/// TensorFlow's resizeBilinear with alignCorners = false and halfPixelCenters = false (the
/// legacy sampling face-api uses): source coordinate = destination coordinate * in / out.
/// Input CV_8UC3 or CV_32FC3; output CV_32FC3.
cv::Mat resizeBilinearLegacy(const cv::Mat& src, int width, int height);

/// Where face-api puts an image inside its square network input.
enum class SquarePlacement {
    TopLeft,   // zeros appended at the bottom or right (the detector)
    Centered,  // zeros on both sides, the larger half after the image (landmarks, recognition)
};

/// Pads `src` with zeros to a square as face-api's padToSquare does. Output is CV_32FC3.
cv::Mat padToSquare(const cv::Mat& src, SquarePlacement placement);

}  // namespace kith::vision
