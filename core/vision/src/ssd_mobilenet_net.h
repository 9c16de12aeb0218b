// face-api's face detector: SSD with a MobileNetV1 backbone (TF object detection API export),
// rebuilt in OpenCV DNN from `ssd_mobilenetv1_model` weights.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <vector>

#include "dnn_target.h"
#include "forward_clock.h"
#include "tfjs_weights.h"

namespace kith::vision {

/// One candidate box of one anchor, in pixels of the network input (may lie partly outside it).
struct SsdCandidate {
    cv::Rect2f box;
    float score;  // sigmoid of the face class logit
};

/// Thread-safety: not thread-safe (one cv::dnn::Net); give each thread its own instance.
///
/// The network was trained on 512x512 inputs with anchors fixed in that frame. Being fully
/// convolutional, it also runs on other sizes: the anchors are then laid out with the same pixel
/// sizes and strides as at 512x512, so every layer keeps looking for faces of the size it was
/// trained on, and a smaller input is simply a smaller window onto the scene; each layer's
/// anchors sit where its cells look at that size (see anchorsForLayer). At 512x512 the
/// generated anchors are exactly the model's own (`Output/extra_dim`).
class SsdMobilenetNet {
  public:
    static constexpr int kTrainedInputSize = 512;

    /// Builds the network. Throws std::runtime_error when the weights do not fit it.
    explicit SsdMobilenetNet(const WeightMap& weights);

    void setTarget(const DnnTarget& target);

    /// Runs the detector on a batch of same-sized inputs (CV_32FC3, RGB, 0..255, at least 32x32).
    /// Returns, per input, every anchor's candidate with score >= minScore.
    std::vector<std::vector<SsdCandidate>> forward(const std::vector<cv::Mat>& inputs,
                                                   float minScore);

    /// The anchors (x, y, width, height in input pixels, in the heads' order) for one predictor
    /// layer on an input of this size. Exposed so tests can check them against the model's own.
    std::vector<cv::Rect2f> anchorsForLayer(size_t layer, cv::Size input) const;

    /// The model's own anchors for 512x512, as stored in its weights (yMin, xMin, yMax, xMax,
    /// relative to the input).
    const std::vector<cv::Vec4f>& trainedAnchors() const { return trainedAnchors_; }

    /// Milliseconds spent in inference so far.
    double forwardMilliseconds() const { return clock_.milliseconds(); }

  private:
    cv::dnn::Net net_;
    ForwardClock clock_;
    std::vector<std::string> boxOutputs_;    // per predictor layer: [N, anchors*4, H, W]
    std::vector<std::string> classOutputs_;  // per predictor layer: [N, anchors*3, H, W]
    std::vector<cv::Vec4f> trainedAnchors_;
    // Per predictor layer: the anchor shapes of one cell (width, height in pixels) and the
    // layer's stride in pixels, read from the trained anchors.
    std::vector<std::vector<cv::Size2f>> anchorShapes_;
    std::vector<float> strides_;
};

}  // namespace kith::vision
