// How close Kith's port is to the original face-api, network by network: for each face of a
// reference file (JSON lines from ../shared/tools/faceapi-reference), the detector's best-
// matching box (IoU) and score, the landmarks computed for the reference's box, and the
// descriptor of the crop face-api embedded. Prints the worst case of each.
// Usage: parity [--reference FILE] [--root DIR] [--models DIR]
//   FILE defaults to tests/fixtures/faceapi-reference/dev-sample.jsonl; relative image paths
//   are resolved against DIR (default: the dev set).
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "dev_set.h"
#include "kith/vision.h"

int main(int argc, char** argv) {
    using namespace kith;
    const std::string referenceFile = bench::option(
        argc, argv, "reference",
        std::string(KITH_SOURCE_DIR) + "/tests/fixtures/faceapi-reference/dev-sample.jsonl");
    const std::filesystem::path root =
        bench::option(argc, argv, "root", bench::devSetRoot().string());
    const std::filesystem::path modelDir = bench::modelDirectory(argc, argv);
    vision::AnalyzerSettings settings;
    settings.detector.mode = vision::DetectionMode::FaceApiSingleScale;
    settings.detector.minFaceSize = 0;
    settings.alignment = vision::Alignment::FaceApiCrop;
    auto analyzer = vision::FaceAnalyzer::load(modelDir, settings, vision::BackendPreference::Cpu);
    if (!analyzer.ok()) return 2;

    std::ifstream in(referenceFile);
    std::string line;
    int photos = 0, faces = 0, missed = 0;
    float worstIou = 1, worstScore = 0, worstLandmark = 0;
    double worstCosine = 1;
    while (std::getline(in, line)) {
        const auto ref = nlohmann::json::parse(line);
        if (ref.contains("error")) continue;
        auto photo = image::readImageFile(root / ref["file"].get<std::string>());
        if (!photo.ok()) continue;
        const cv::Mat bgr = image::decode(photo.value()).value().bgr;
        ++photos;
        const auto found = analyzer.value()->detect(bgr);
        for (const auto& face : ref["faces"]) {
            ++faces;
            const cv::Rect2f box(face["box"][0], face["box"][1], face["box"][2], face["box"][3]);
            float bestIou = 0, score = 0;
            for (const auto& [b, s] : found) {
                const float inter = (b & box).area();
                const float iou = inter / (b.area() + box.area() - inter);
                if (iou > bestIou) bestIou = iou, score = s;
            }
            if (bestIou < 0.5f) ++missed;
            worstIou = std::min(worstIou, bestIou);
            worstScore = std::max(worstScore, std::abs(score - face["score"].get<float>()));
            std::array<cv::Point2f, vision::kLandmarkCount> expected{};
            for (int i = 0; i < vision::kLandmarkCount; ++i)
                expected[i] = cv::Point2f(face["landmarks"][i][0], face["landmarks"][i][1]);
            const auto points = analyzer.value()->landmarksForBox(bgr, box);
            for (int i = 0; i < vision::kLandmarkCount; ++i)
                worstLandmark =
                    std::max(worstLandmark, static_cast<float>(cv::norm(points[i] - expected[i])));
            // The crop face-api embedded: its `useDlibAlignment` box, limited by the detector
            // crop's size (see tests/integration/faceapi_parity_test.cpp).
            const float x = std::max(box.x, 0.f), y = std::max(box.y, 0.f);
            const cv::Size crop(
                static_cast<int>(std::floor(std::min(box.br().x - x, bgr.cols - x))),
                static_cast<int>(std::floor(std::min(box.br().y - y, bgr.rows - y))));
            const auto descriptor = analyzer.value()->rawDescriptorOfCrop(
                bgr, vision::FaceAnalyzer::faceApiRecognitionBox(expected, crop));
            double dot = 0, a = 0, b = 0;
            for (int i = 0; i < vision::kEmbeddingSize; ++i) {
                const double e = face["descriptor"][i];
                dot += descriptor[i] * e, a += descriptor[i] * descriptor[i], b += e * e;
            }
            worstCosine = std::min(worstCosine, dot / std::sqrt(a * b));
        }
    }
    std::cout << photos << " photos, " << faces << " reference faces, " << missed
              << " not found by the detector\n"
              << std::setprecision(4) << "detector: worst IoU " << worstIou
              << ", worst score difference " << worstScore << "\nlandmarks: worst distance "
              << worstLandmark << " px\nrecognition: worst cosine " << std::setprecision(6)
              << worstCosine << "\n";
    return 0;
}
