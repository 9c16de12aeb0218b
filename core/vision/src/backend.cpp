#include <cstdlib>
#include <opencv2/core/cuda.hpp>
#include <opencv2/core/ocl.hpp>
#include <opencv2/dnn.hpp>

#include "dnn_target.h"
#include "kith/vision.h"

namespace kith::vision {
namespace {

BackendChoice cpu(const std::string& why) {
    return {Backend::Cpu, "CPU", "CPU (OpenCV DNN)" + (why.empty() ? "" : ": " + why)};
}

BackendChoice cuda(const AcceleratorProbe& probe, const std::string& why) {
    return {Backend::Cuda, probe.cudaDevice, "CUDA on " + probe.cudaDevice + ", " + why};
}

// Why OpenCV DNN would not run OpenCL on the probed device; empty when it would.
std::string openClUnusable(const AcceleratorProbe& probe) {
    if (!probe.openCl) return "no OpenCL device found at run time";
    if (!probe.openClIsGpu && !probe.openClAllowAllDevices)
        return "the OpenCL device (" + probe.openClDevice +
               ") is not a GPU, and OpenCV DNN runs OpenCL on GPUs only unless "
               "OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1";
    return {};
}

BackendChoice openCl(const AcceleratorProbe& probe, bool fp16, const std::string& why) {
    // OpenCV would quietly run fp32 (or fail to build its fp16 kernels); say so instead.
    std::string noFp16;
    if (fp16 && !probe.openClHasFp16) noFp16 = "the device has no cl_khr_fp16";
    if (fp16 && !probe.openClIsIntel && !probe.openClAllowAllDevices)
        noFp16 =
            "OpenCV DNN runs them on Intel GPUs only unless "
            "OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1";
    if (!noFp16.empty())
        return {Backend::OpenCl, probe.openClDevice,
                "OpenCL (32-bit floats) on " + probe.openClDevice +
                    ": 16-bit floats were requested but " + noFp16};
    return {fp16 ? Backend::OpenClFp16 : Backend::OpenCl, probe.openClDevice,
            std::string(fp16 ? "OpenCL (16-bit floats)" : "OpenCL") + " on " + probe.openClDevice +
                ", " + why};
}

}  // namespace

BackendChoice chooseBackend(BackendPreference preference, const AcceleratorProbe& probe) {
    const std::string noOpenCl = openClUnusable(probe);
    switch (preference) {
        case BackendPreference::Cpu:
            return cpu("as requested");
        case BackendPreference::Cuda:
            if (probe.cuda) return cuda(probe, "as requested");
            return cpu("CUDA was requested but this OpenCV has no usable CUDA backend or device");
        case BackendPreference::OpenCl:
        case BackendPreference::OpenClFp16:
            if (noOpenCl.empty())
                return openCl(probe, preference == BackendPreference::OpenClFp16, "as requested");
            return cpu("OpenCL was requested but " + noOpenCl);
        case BackendPreference::Auto:
            if (probe.cuda) return cuda(probe, "found at run time");
            // Auto wants a real GPU: OpenCL on a CPU device (POCL) is slower than OpenCV's CPU
            // code.
            if (noOpenCl.empty() && probe.openClIsGpu)
                return openCl(probe, false, "found at run time");
            return cpu("no CUDA device and no OpenCL GPU found at run time");
    }
    return cpu("");
}

AcceleratorProbe probeAccelerators() {
    AcceleratorProbe probe;
    try {
        if (!cv::dnn::getAvailableTargets(cv::dnn::DNN_BACKEND_CUDA).empty() &&
            cv::cuda::getCudaEnabledDeviceCount() > 0) {
            probe.cuda = true;
            probe.cudaDevice = cv::cuda::DeviceInfo(0).name();
        }
    } catch (const cv::Exception&) {
        probe.cuda = false;
    }
    try {
        if (cv::ocl::haveOpenCL()) {
            const cv::ocl::Device& device = cv::ocl::Device::getDefault();
            if (device.available()) {
                probe.openCl = true;
                probe.openClDevice = device.name();
                probe.openClIsGpu = (device.type() & cv::ocl::Device::TYPE_GPU) != 0;
                probe.openClHasFp16 = device.isExtensionSupported("cl_khr_fp16");
                probe.openClIsIntel = device.isIntel();
            }
        }
    } catch (const cv::Exception&) {
        probe.openCl = false;
    }
    // OpenCV reads this once, as a boolean parameter; the same spellings count here.
    if (const char* all = std::getenv("OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES")) {
        const std::string v = all;
        probe.openClAllowAllDevices =
            v == "1" || v == "true" || v == "TRUE" || v == "ON" || v == "on" || v == "True";
    }
    return probe;
}

std::optional<BackendPreference> parseBackendPreference(const std::string& text) {
    for (BackendPreference p : kBackendPreferences)
        if (text == backendPreferenceName(p)) return p;
    return std::nullopt;
}

std::string backendPreferenceName(BackendPreference preference) {
    switch (preference) {
        case BackendPreference::Auto:
            return "auto";
        case BackendPreference::Cpu:
            return "cpu";
        case BackendPreference::OpenCl:
            return "opencl";
        case BackendPreference::OpenClFp16:
            return "opencl-fp16";
        case BackendPreference::Cuda:
            return "cuda";
    }
    return "auto";
}

DnnTarget dnnTargetFor(Backend backend, const std::function<void()>& beforeAcceleratedForward) {
    using namespace cv::dnn;
    switch (backend) {
        case Backend::Cpu:
            return {DNN_BACKEND_OPENCV, DNN_TARGET_CPU, {}};
        case Backend::OpenCl:
            return {DNN_BACKEND_OPENCV, DNN_TARGET_OPENCL, beforeAcceleratedForward};
        case Backend::OpenClFp16:
            return {DNN_BACKEND_OPENCV, DNN_TARGET_OPENCL_FP16, beforeAcceleratedForward};
        case Backend::Cuda:
            return {DNN_BACKEND_CUDA, DNN_TARGET_CUDA, beforeAcceleratedForward};
    }
    return {};
}

}  // namespace kith::vision
