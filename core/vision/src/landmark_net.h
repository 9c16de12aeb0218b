// face-api's 68-point landmark network (FaceLandmark68Net: four dense blocks of depthwise-
// separable convolutions and a fully connected head), rebuilt from `face_landmark_68_model`.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <vector>

#include "dnn_target.h"
#include "forward_clock.h"
#include "tfjs_weights.h"

namespace kith::vision {

/// Thread-safety: not thread-safe; give each thread its own instance.
class LandmarkNet {
  public:
    static constexpr int kInputSize = 112;
    static constexpr int kPointCount = 68;

    explicit LandmarkNet(const WeightMap& weights);
    void setTarget(const DnnTarget& target);

    /// Runs a batch of 112x112 CV_32FC3 RGB inputs (0..255). Returns, per input, 68 points in
    /// input coordinates (0..1 relative to the 112x112 square).
    std::vector<std::vector<cv::Point2f>> forward(const std::vector<cv::Mat>& inputs);

    /// Milliseconds spent in inference so far.
    double forwardMilliseconds() const { return clock_.milliseconds(); }

  private:
    cv::dnn::Net net_;
    ForwardClock clock_;
};

}  // namespace kith::vision
