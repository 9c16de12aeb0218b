// An accelerator that fails at run time (issue 20): the worker moves to the CPU with one warning,
// the photo it was on is analysed again there, and the scan goes on. The failure is real OpenCV
// failing inside the real networks' first forward pass on the OpenCL device, through the fault
// seam every forward pass goes through (AnalyzerSettings::beforeAcceleratedForward).
#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <opencv2/core.hpp>

#include "kith/image.h"
#include "kith/vision.h"
#include "library_support.h"
#include "test_support.h"

using namespace kith;

namespace {

// A seam that fails every accelerated forward pass as a lost device does, counting them.
struct DeviceLost {
    std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);

    std::function<void()> seam() const {
        return [calls = calls] {
            ++*calls;
            CV_Error(cv::Error::OpenCLApiCallError,
                     "CL_DEVICE_NOT_AVAILABLE (made so by the test)");
        };
    }
};

// True when this machine has an OpenCL device for the analyzer to fail on; else says it skips.
bool openClDeviceHere() {
    test::useAnyOpenClDevice();
    const auto choice =
        vision::chooseBackend(vision::BackendPreference::OpenCl, vision::probeAccelerators());
    if (choice.backend == vision::Backend::OpenCl) return true;
    WARN("SKIPPED: no OpenCL device to fail here: " << choice.description);
    return false;
}

image::EncodedImage devPhoto(const char* name) {
    auto photo = image::readImageFile(test::devSet() / "images" / name);
    REQUIRE(photo.ok());
    return std::move(photo.value());
}

}  // namespace

TEST_CASE("a failing accelerator moves the analyzer to the CPU with one warning, losing no photo",
          "[backend][fallback]") {
    if (!openClDeviceHere()) return;
    const DeviceLost lost;
    vision::AnalyzerSettings settings;
    settings.beforeAcceleratedForward = lost.seam();
    auto analyzer =
        vision::FaceAnalyzer::load(test::modelDir(), settings, vision::BackendPreference::OpenCl);
    REQUIRE(analyzer.ok());
    auto& failing = *analyzer.value();
    REQUIRE(failing.backend().backend == vision::Backend::OpenCl);
    auto cpu = vision::FaceAnalyzer::load(test::modelDir(), {}, vision::BackendPreference::Cpu);
    REQUIRE(cpu.ok());

    for (const char* name : {"couple.jpg", "img1.jpg"}) {
        INFO(name);
        const auto photo = devPhoto(name);
        const auto faces = failing.analyze(photo);
        REQUIRE(faces.ok());
        const auto expected = cpu.value()->analyze(photo);
        REQUIRE(expected.ok());
        REQUIRE(!expected.value().empty());
        // The photo the device failed on is analysed again, on the CPU: the CPU's answer.
        REQUIRE(faces.value().size() == expected.value().size());
        for (size_t i = 0; i < faces.value().size(); ++i)
            CHECK(faces.value()[i].embedding == expected.value()[i].embedding);
    }
    CHECK(*lost.calls == 1);  // the CPU never asks the failed device again
    CHECK(failing.backend().backend == vision::Backend::Cpu);
    REQUIRE(failing.fallbackWarning());
    CHECK_THAT(*failing.fallbackWarning(), Catch::Contains("OpenCL on") &&
                                               Catch::Contains("failed at run time") &&
                                               Catch::Contains("CL_DEVICE_NOT_AVAILABLE") &&
                                               Catch::Contains("continues on the CPU"));
}

TEST_CASE("a scan whose accelerator fails goes on on the CPU, one warning per worker",
          "[backend][fallback]") {
    if (!openClDeviceHere()) return;
    test::TempDir dir;
    test::copyDevPhotos(dir / "photos", 4);
    auto library = test::openLibrary(dir / "library.db");
    pipeline::ScanOptions options = test::scanOptions(dir / "cache", 2);
    options.backend = vision::BackendPreference::OpenCl;
    const DeviceLost lost;
    options.analyzer.beforeAcceleratedForward = lost.seam();

    const auto report = test::scanInto(*library, {dir / "photos"}, options);
    CHECK(report.analysed == 4);
    CHECK(report.failed == 0);
    CHECK(report.faces >= 4);
    CHECK_THAT(report.backend, Catch::Contains("OpenCL on"));
    size_t fallbacks = 0;
    for (const Error& warning : report.warnings)
        if (warning.message.find("failed at run time") != std::string::npos) ++fallbacks;
    CHECK(fallbacks == static_cast<size_t>(report.jobs));
    CHECK(*lost.calls == report.jobs);  // once per worker, then never again
}
