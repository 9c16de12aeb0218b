// Where one network runs: OpenCV DNN's backend and target ids, and the fault seam tests use to
// make an accelerator fail.
#pragma once

#include <functional>
#include <opencv2/dnn.hpp>

#include "forward_clock.h"
#include "kith/vision.h"

namespace kith::vision {

struct DnnTarget {
    int backend = cv::dnn::DNN_BACKEND_OPENCV;
    int target = cv::dnn::DNN_TARGET_CPU;
    std::function<void()> beforeForward;  // see AnalyzerSettings::beforeAcceleratedForward
};

/// OpenCV's ids for a backend; the seam only for an accelerator.
DnnTarget dnnTargetFor(Backend backend, const std::function<void()>& beforeAcceleratedForward);

/// Moves `net` to `target` (OpenCV re-allocates it at the next forward) and hooks the seam to
/// the clock that times its forward passes.
inline void applyDnnTarget(cv::dnn::Net& net, ForwardClock& clock, const DnnTarget& target) {
    net.setPreferableBackend(target.backend);
    net.setPreferableTarget(target.target);
    clock.setBeforeForward(target.beforeForward);
}

}  // namespace kith::vision
