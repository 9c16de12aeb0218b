// Every accelerated backend gives the CPU's answers (issue 20): the same photos through each of
// the three networks on the CPU and on the backend under test, compared within stated
// tolerances. They run on whatever OpenCL device OpenCV finds, a CPU one (POCL) included
// (test::useAnyOpenClDevice); where there is none, each case says so and skips.
//
// Tolerances (docs/vision.md has the figures measured on POCL): fp32 kernels sum in another
// order than the CPU's, so answers agree to float rounding; fp16 keeps 11 bits, so its answers
// move by about a thousandth of their range, and its tolerances are 10x looser.
#include <catch2/catch.hpp>
#include <cmath>
#include <opencv2/imgcodecs.hpp>

#include "kith/vision.h"
#include "test_support.h"

using namespace kith;
using vision::Backend;
using vision::BackendPreference;

namespace {

// A handful of dev-set photos (POCL on two cores is slow): two with one face, one with two.
const char* const kPhotos[] = {"img1.jpg", "img10.jpg", "couple.jpg"};

struct Tolerance {
    float boxPixels;       // each box edge, pixels of the photo
    float score;           // detector confidence
    float landmarkPixels;  // each landmark, pixels of the photo
    float embedding;       // Euclidean distance between the normalised embeddings
};

Tolerance toleranceFor(Backend backend) {
    if (backend == Backend::OpenClFp16) return {3.f, 0.03f, 2.f, 0.03f};
    return {0.3f, 0.003f, 0.2f, 0.003f};
}

// face-api's single 512x512 pass: one input size, so the accelerator compiles its kernels once.
vision::AnalyzerSettings singlePass() {
    vision::AnalyzerSettings s;
    s.detector.mode = vision::DetectionMode::FaceApiSingleScale;
    s.alignment = vision::Alignment::FaceApiCrop;
    return s;
}

std::unique_ptr<vision::FaceAnalyzer> load(BackendPreference preference) {
    auto analyzer = vision::FaceAnalyzer::load(test::modelDir(), singlePass(), preference);
    REQUIRE(analyzer.ok());
    return std::move(analyzer.value());
}

// The analyzer on `preference`, or null where this machine cannot run that backend (with the
// message CTest's SKIP_REGULAR_EXPRESSION looks for).
std::unique_ptr<vision::FaceAnalyzer> loadAccelerated(BackendPreference preference,
                                                      Backend expected) {
    test::useAnyOpenClDevice();
    auto analyzer = load(preference);
    if (analyzer->backend().backend != expected) {
        WARN("SKIPPED: no device for this backend here: " << analyzer->backend().description);
        return nullptr;
    }
    return analyzer;
}

cv::Mat photo(const char* name) {
    const cv::Mat bgr = cv::imread((test::devSet() / "images" / name).string());
    REQUIRE(!bgr.empty());
    return bgr;
}

float maxEdgeDistance(const cv::Rect2f& a, const cv::Rect2f& b) {
    return std::max({std::abs(a.x - b.x), std::abs(a.y - b.y), std::abs(a.br().x - b.br().x),
                     std::abs(a.br().y - b.br().y)});
}

void detectorAgrees(BackendPreference preference, Backend expected) {
    auto accelerated = loadAccelerated(preference, expected);
    if (!accelerated) return;
    auto cpu = load(BackendPreference::Cpu);
    const Tolerance tolerance = toleranceFor(expected);
    float worstBox = 0, worstScore = 0;
    for (const char* name : kPhotos) {
        const cv::Mat bgr = photo(name);
        const auto expectedBoxes = cpu->detect(bgr);
        const auto found = accelerated->detect(bgr);
        INFO(name);
        REQUIRE(!expectedBoxes.empty());
        REQUIRE(found.size() == expectedBoxes.size());
        for (size_t i = 0; i < found.size(); ++i) {
            worstBox = std::max(worstBox, maxEdgeDistance(found[i].first, expectedBoxes[i].first));
            worstScore = std::max(worstScore, std::abs(found[i].second - expectedBoxes[i].second));
        }
    }
    INFO(accelerated->backend().description << ": boxes within " << worstBox
                                            << " px, scores within " << worstScore);
    CHECK(worstBox <= tolerance.boxPixels);
    CHECK(worstScore <= tolerance.score);
    CHECK_FALSE(accelerated->fallbackWarning());  // it ran where it was asked to, all along
}

void landmarksAgree(BackendPreference preference, Backend expected) {
    auto accelerated = loadAccelerated(preference, expected);
    if (!accelerated) return;
    auto cpu = load(BackendPreference::Cpu);
    float worst = 0;
    for (const char* name : kPhotos) {
        const cv::Mat bgr = photo(name);
        // The same boxes for both: the landmark network alone is compared.
        for (const auto& [box, score] : cpu->detect(bgr)) {
            const auto expectedPoints = cpu->landmarksForBox(bgr, box);
            const auto points = accelerated->landmarksForBox(bgr, box);
            for (int p = 0; p < vision::kLandmarkCount; ++p)
                worst =
                    std::max(worst, static_cast<float>(cv::norm(points[p] - expectedPoints[p])));
        }
    }
    INFO(accelerated->backend().description << ": landmarks within " << worst << " px");
    CHECK(worst <= toleranceFor(expected).landmarkPixels);
    CHECK_FALSE(accelerated->fallbackWarning());
}

vision::Embedding normalisedDescriptor(vision::FaceAnalyzer& analyzer, const cv::Mat& bgr,
                                       const cv::Rect2f& crop) {
    const auto raw = analyzer.rawDescriptorOfCrop(bgr, crop);
    double sum = 0;
    for (float v : raw)
        sum += static_cast<double>(v) * v;
    vision::Embedding e{};
    for (int i = 0; i < vision::kEmbeddingSize; ++i)
        e[i] = static_cast<float>(raw[i] / std::sqrt(sum));
    return e;
}

void embeddingsAgree(BackendPreference preference, Backend expected) {
    auto accelerated = loadAccelerated(preference, expected);
    if (!accelerated) return;
    auto cpu = load(BackendPreference::Cpu);
    float worst = 0, least = 1;
    int faces = 0;
    for (const char* name : kPhotos) {
        const cv::Mat bgr = photo(name);
        for (const auto& [box, score] : cpu->detect(bgr)) {
            const auto e = normalisedDescriptor(*cpu, bgr, box);
            const auto a = normalisedDescriptor(*accelerated, bgr, box);
            const float d = vision::embeddingDistance(e, a);
            worst = std::max(worst, d);
            least = std::min(least, d);
            ++faces;
        }
    }
    INFO(accelerated->backend().description
         << ": " << faces << " embeddings within " << worst
         << " of the CPU's (same person: " << vision::kSamePersonDistance << ")");
    REQUIRE(faces >= 4);
    CHECK(worst <= toleranceFor(expected).embedding);
    // Bit-identical answers would mean OpenCV ran the CPU code after all.
    CHECK(least > 0.f);
    CHECK_FALSE(accelerated->fallbackWarning());
}

}  // namespace

TEST_CASE("OpenCL detections match the CPU's", "[backend][opencl]") {
    detectorAgrees(BackendPreference::OpenCl, Backend::OpenCl);
}
TEST_CASE("OpenCL landmarks match the CPU's", "[backend][opencl]") {
    landmarksAgree(BackendPreference::OpenCl, Backend::OpenCl);
}
TEST_CASE("OpenCL embeddings match the CPU's", "[backend][opencl]") {
    embeddingsAgree(BackendPreference::OpenCl, Backend::OpenCl);
}
TEST_CASE("16-bit OpenCL detections match the CPU's, more loosely", "[backend][opencl-fp16]") {
    detectorAgrees(BackendPreference::OpenClFp16, Backend::OpenClFp16);
}
TEST_CASE("16-bit OpenCL landmarks match the CPU's, more loosely", "[backend][opencl-fp16]") {
    landmarksAgree(BackendPreference::OpenClFp16, Backend::OpenClFp16);
}
TEST_CASE("16-bit OpenCL embeddings match the CPU's, more loosely", "[backend][opencl-fp16]") {
    embeddingsAgree(BackendPreference::OpenClFp16, Backend::OpenClFp16);
}
TEST_CASE("CUDA detections match the CPU's", "[backend][cuda]") {
    detectorAgrees(BackendPreference::Cuda, Backend::Cuda);
}
TEST_CASE("CUDA landmarks match the CPU's", "[backend][cuda]") {
    landmarksAgree(BackendPreference::Cuda, Backend::Cuda);
}
TEST_CASE("CUDA embeddings match the CPU's", "[backend][cuda]") {
    embeddingsAgree(BackendPreference::Cuda, Backend::Cuda);
}
