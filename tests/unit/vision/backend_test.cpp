#include <catch2/catch.hpp>

#include "kith/vision.h"

using namespace kith::vision;

TEST_CASE("auto picks CUDA only when OpenCV offers it", "[vision][backend]") {
    CHECK(chooseBackend(BackendPreference::Auto, true).useCuda);
    const auto cpu = chooseBackend(BackendPreference::Auto, false);
    CHECK_FALSE(cpu.useCuda);
    CHECK_THAT(cpu.description, Catch::Contains("CPU") && Catch::Contains("no CUDA"));
}

TEST_CASE("a forced CPU stays on the CPU even with a GPU", "[vision][backend]") {
    const auto choice = chooseBackend(BackendPreference::Cpu, true);
    CHECK_FALSE(choice.useCuda);
    CHECK_THAT(choice.description, Catch::Contains("as requested"));
}

TEST_CASE("CUDA asked for without CUDA falls back to the CPU and says why", "[vision][backend]") {
    const auto choice = chooseBackend(BackendPreference::Cuda, false);
    CHECK_FALSE(choice.useCuda);
    CHECK_THAT(choice.description, Catch::Contains("CUDA was requested"));
    CHECK(chooseBackend(BackendPreference::Cuda, true).useCuda);
}

TEST_CASE("backend names parse and anything else is refused", "[vision][backend]") {
    CHECK(parseBackendPreference("cpu") == BackendPreference::Cpu);
    CHECK(parseBackendPreference("cuda") == BackendPreference::Cuda);
    CHECK(parseBackendPreference("auto") == BackendPreference::Auto);
    CHECK_FALSE(parseBackendPreference("gpu").has_value());
}

TEST_CASE("this machine's OpenCV is asked, not assumed", "[vision][backend]") {
    // Whatever the answer, the choice made from it must agree with it.
    const bool cuda = cudaAvailable();
    CHECK(chooseBackend(BackendPreference::Auto, cuda).useCuda == cuda);
}
