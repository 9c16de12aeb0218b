#include <opencv2/core/cuda.hpp>
#include <opencv2/dnn.hpp>

#include "kith/vision.h"

namespace kith::vision {

BackendChoice chooseBackend(BackendPreference preference, bool cudaIsAvailable) {
    switch (preference) {
        case BackendPreference::Cpu:
            return {false, "CPU (OpenCV DNN), as requested"};
        case BackendPreference::Cuda:
            if (cudaIsAvailable) return {true, "CUDA (OpenCV DNN), as requested"};
            return {false,
                    "CPU (OpenCV DNN): CUDA was requested but this OpenCV has no usable CUDA "
                    "backend or device"};
        case BackendPreference::Auto:
            if (cudaIsAvailable) return {true, "CUDA (OpenCV DNN), found at run time"};
            return {false, "CPU (OpenCV DNN): no CUDA backend or device found at run time"};
    }
    return {false, "CPU (OpenCV DNN)"};
}

bool cudaAvailable() {
    try {
        const auto targets = cv::dnn::getAvailableTargets(cv::dnn::DNN_BACKEND_CUDA);
        return !targets.empty() && cv::cuda::getCudaEnabledDeviceCount() > 0;
    } catch (const cv::Exception&) {
        return false;
    }
}

std::optional<BackendPreference> parseBackendPreference(const std::string& text) {
    if (text == "auto") return BackendPreference::Auto;
    if (text == "cpu") return BackendPreference::Cpu;
    if (text == "cuda") return BackendPreference::Cuda;
    return std::nullopt;
}

}  // namespace kith::vision
