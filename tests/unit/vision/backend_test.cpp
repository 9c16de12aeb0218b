#include <catch2/catch.hpp>

#include "kith/vision.h"

using namespace kith::vision;

namespace {

AcceleratorProbe nothing() {
    return {};
}

AcceleratorProbe cudaCard() {
    AcceleratorProbe p;
    p.cuda = true;
    p.cudaDevice = "NVIDIA H200";
    return p;
}

AcceleratorProbe openClGpu(bool intel, bool fp16) {
    AcceleratorProbe p;
    p.openCl = p.openClIsGpu = true;
    p.openClIsIntel = intel;
    p.openClHasFp16 = fp16;
    p.openClDevice = intel ? "Intel(R) UHD Graphics 620" : "AMD Radeon Graphics";
    return p;
}

AcceleratorProbe pocl(bool allowAllDevices) {
    AcceleratorProbe p;
    p.openCl = true;
    p.openClDevice = "pthread-skylake";
    p.openClAllowAllDevices = allowAllDevices;
    return p;
}

}  // namespace

TEST_CASE("auto picks CUDA first, then an OpenCL GPU, then the CPU", "[vision][backend]") {
    const auto cuda = chooseBackend(BackendPreference::Auto, cudaCard());
    CHECK(cuda.backend == Backend::Cuda);
    CHECK(cuda.device == "NVIDIA H200");
    CHECK_THAT(cuda.description, Catch::Contains("NVIDIA H200"));

    const auto gpu = chooseBackend(BackendPreference::Auto, openClGpu(false, false));
    CHECK(gpu.backend == Backend::OpenCl);
    CHECK(gpu.device == "AMD Radeon Graphics");

    const auto cpu = chooseBackend(BackendPreference::Auto, nothing());
    CHECK(cpu.backend == Backend::Cpu);
    CHECK_THAT(cpu.description, Catch::Contains("CPU") && Catch::Contains("no CUDA"));
}

TEST_CASE("auto leaves an OpenCL device that is not a GPU alone", "[vision][backend]") {
    // POCL runs OpenCL on the CPU, slower than OpenCV's own CPU code.
    CHECK(chooseBackend(BackendPreference::Auto, pocl(true)).backend == Backend::Cpu);
}

TEST_CASE("a forced CPU stays on the CPU even with a GPU", "[vision][backend]") {
    const auto choice = chooseBackend(BackendPreference::Cpu, cudaCard());
    CHECK(choice.backend == Backend::Cpu);
    CHECK_THAT(choice.description, Catch::Contains("as requested"));
    CHECK(chooseBackend(BackendPreference::Cpu, openClGpu(true, true)).backend == Backend::Cpu);
}

TEST_CASE("CUDA asked for without CUDA falls back to the CPU and says why", "[vision][backend]") {
    const auto choice = chooseBackend(BackendPreference::Cuda, openClGpu(true, true));
    CHECK(choice.backend == Backend::Cpu);
    CHECK_THAT(choice.description, Catch::Contains("CUDA was requested"));
    CHECK(chooseBackend(BackendPreference::Cuda, cudaCard()).backend == Backend::Cuda);
}

TEST_CASE("OpenCL runs where OpenCV DNN would run it, and says why not elsewhere",
          "[vision][backend]") {
    CHECK(chooseBackend(BackendPreference::OpenCl, openClGpu(false, false)).backend ==
          Backend::OpenCl);
    const auto none = chooseBackend(BackendPreference::OpenCl, nothing());
    CHECK(none.backend == Backend::Cpu);
    CHECK_THAT(none.description, Catch::Contains("no OpenCL device"));
    // OpenCV DNN would quietly run a non-GPU device's net on the CPU: the choice says so.
    const auto cpuDevice = chooseBackend(BackendPreference::OpenCl, pocl(false));
    CHECK(cpuDevice.backend == Backend::Cpu);
    CHECK_THAT(cpuDevice.description, Catch::Contains("OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES"));
    const auto allowed = chooseBackend(BackendPreference::OpenCl, pocl(true));
    CHECK(allowed.backend == Backend::OpenCl);
    CHECK(allowed.device == "pthread-skylake");
}

TEST_CASE("16-bit OpenCL needs fp16 on the device, and an Intel GPU unless all are allowed",
          "[vision][backend]") {
    CHECK(chooseBackend(BackendPreference::OpenClFp16, openClGpu(true, true)).backend ==
          Backend::OpenClFp16);
    const auto noHalf = chooseBackend(BackendPreference::OpenClFp16, openClGpu(true, false));
    CHECK(noHalf.backend == Backend::OpenCl);
    CHECK_THAT(noHalf.description, Catch::Contains("cl_khr_fp16"));
    const auto amd = chooseBackend(BackendPreference::OpenClFp16, openClGpu(false, true));
    CHECK(amd.backend == Backend::OpenCl);
    CHECK_THAT(amd.description, Catch::Contains("Intel GPUs only"));
    auto amdAllowed = openClGpu(false, true);
    amdAllowed.openClAllowAllDevices = true;
    CHECK(chooseBackend(BackendPreference::OpenClFp16, amdAllowed).backend == Backend::OpenClFp16);
}

TEST_CASE("backend names parse back to what they name and anything else is refused",
          "[vision][backend]") {
    for (BackendPreference p : kBackendPreferences)
        CHECK(parseBackendPreference(backendPreferenceName(p)) == p);
    CHECK(parseBackendPreference("opencl-fp16") == BackendPreference::OpenClFp16);
    CHECK(parseBackendPreference("cuda") == BackendPreference::Cuda);
    CHECK_FALSE(parseBackendPreference("gpu").has_value());
    CHECK_FALSE(parseBackendPreference("").has_value());
}

TEST_CASE("this machine's OpenCV is asked, not assumed", "[vision][backend]") {
    // Whatever the answer, the choice made from it must agree with it.
    const AcceleratorProbe probe = probeAccelerators();
    const auto choice = chooseBackend(BackendPreference::Auto, probe);
    CHECK((choice.backend == Backend::Cuda) == probe.cuda);
    if (!probe.cuda)
        CHECK((choice.backend == Backend::OpenCl) == (probe.openCl && probe.openClIsGpu));
}
