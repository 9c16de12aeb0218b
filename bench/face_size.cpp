// How small can a face be and still be recognised? For each labelled dev photo, the whole photo
// is shrunk so that its face box's longer side is S pixels (the measure minFaceSize uses), analysed
// again, and the embedding compared with the one from the full-size photo. Prints, per S, how often
// the face is still found and the distance to its full-size embedding (mean, 90th percentile),
// against the same-person threshold. This is how DetectorSettings::minFaceSize is chosen
// (docs/vision.md). Usage: face_size [--models DIR]
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <opencv2/imgproc.hpp>

#include "dev_set.h"
#include "kith/vision.h"

int main(int argc, char** argv) {
    using namespace kith;
    const auto root = bench::devSetRoot();
    const std::filesystem::path modelDir = bench::modelDirectory(argc, argv);
    vision::AnalyzerSettings settings;
    settings.detector.minFaceSize = 0;  // measure below any floor
    auto analyzer = vision::FaceAnalyzer::load(modelDir, settings, vision::BackendPreference::Cpu);
    if (!analyzer.ok()) return 2;

    const std::vector<int> sizes = {16, 20, 24, 32, 40, 48, 56, 64, 96};
    std::vector<std::vector<float>> distances(sizes.size());
    std::vector<int> found(sizes.size(), 0);
    int photos = 0;
    for (const auto& label : bench::readLabels(root)) {
        auto photo = image::readImageFile(root / label.file);
        if (!photo.ok()) continue;
        auto full = image::decode(photo.value());
        auto faces = analyzer.value()->analyzePixels(full.value().bgr);
        if (!faces.ok() || faces.value().empty()) continue;
        const vision::Face reference = *vision::largestFace(faces.value());
        ++photos;
        for (size_t i = 0; i < sizes.size(); ++i) {
            const double scale = sizes[i] / std::max(reference.box.width, reference.box.height);
            if (scale >= 1) continue;
            cv::Mat small;
            cv::resize(full.value().bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
            auto smallFaces = analyzer.value()->analyzePixels(small);
            if (!smallFaces.ok()) continue;
            // The face where the reference face went.
            const cv::Point2f centre((reference.box.x + reference.box.width / 2) * scale,
                                     (reference.box.y + reference.box.height / 2) * scale);
            for (const auto& face : smallFaces.value())
                if (face.box.contains(centre)) {
                    ++found[i];
                    distances[i].push_back(
                        vision::embeddingDistance(face.embedding, reference.embedding));
                    break;
                }
        }
    }
    std::cout
        << "face size (px)   found  mean distance  p90 distance   (same-person threshold 0.40)\n";
    for (size_t i = 0; i < sizes.size(); ++i) {
        auto& d = distances[i];
        std::sort(d.begin(), d.end());
        double mean = 0;
        for (float v : d)
            mean += v;
        mean = d.empty() ? 0 : mean / d.size();
        std::cout << std::setw(15) << sizes[i] << std::setw(4) << found[i] << "/" << photos
                  << std::fixed << std::setprecision(3) << std::setw(15) << mean << std::setw(14)
                  << (d.empty() ? 0.f : d[d.size() * 9 / 10]) << "\n";
    }
    return 0;
}
