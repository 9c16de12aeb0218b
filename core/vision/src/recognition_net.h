// face-api's face recognition network (a port of dlib's ResNet-29 metric network), rebuilt from
// `face_recognition_model`: a 150x150 face to a 128-d descriptor.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <vector>

#include "dnn_target.h"
#include "forward_clock.h"
#include "kith/common/embedding.h"
#include "tfjs_weights.h"

namespace kith::vision {

/// Thread-safety: not thread-safe; give each thread its own instance.
class RecognitionNet {
  public:
    static constexpr int kInputSize = 150;
    static constexpr int kDescriptorSize = kEmbeddingSize;

    explicit RecognitionNet(const WeightMap& weights);
    void setTarget(const DnnTarget& target);

    /// Runs a batch of 150x150 CV_32FC3 RGB inputs (0..255). Returns the raw descriptors (not
    /// normalised), one kDescriptorSize row per input.
    cv::Mat forward(const std::vector<cv::Mat>& inputs);

    /// Milliseconds spent in inference so far.
    double forwardMilliseconds() const { return clock_.milliseconds(); }

  private:
    cv::dnn::Net net_;
    ForwardClock clock_;
};

}  // namespace kith::vision
