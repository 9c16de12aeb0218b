// Aligned chips versus face-api's plain crops. On the dev pairs both separate people (see
// `kith-cli eval-pairs --alignment similarity|crop`); this measures what the pairs barely
// contain: heads tilted in the picture plane. Each labelled dev photo is turned by 10, 20 and 30
// degrees about its face, analysed again, and its embedding compared with the upright one's.
// Usage: alignment [--models DIR]
#include <iomanip>
#include <iostream>
#include <opencv2/imgproc.hpp>

#include "dev_set.h"
#include "kith/vision.h"

int main(int argc, char** argv) {
    using namespace kith;
    const auto root = bench::devSetRoot();
    const std::filesystem::path modelDir = bench::modelDirectory(argc, argv);
    const std::vector<std::pair<std::string, vision::Alignment>> modes = {
        {"similarity", vision::Alignment::Similarity}, {"crop", vision::Alignment::FaceApiCrop}};
    const std::vector<double> angles = {10, 20, 30};
    std::cout << "mean distance to the upright photo's embedding (same-person threshold "
              << vision::kSamePersonDistance << "), and how many stay under the threshold\n";
    for (const auto& [name, alignment] : modes) {
        vision::AnalyzerSettings settings;
        settings.alignment = alignment;
        auto analyzer =
            vision::FaceAnalyzer::load(modelDir, settings, vision::BackendPreference::Cpu);
        if (!analyzer.ok()) return 2;
        std::vector<double> sum(angles.size(), 0);
        std::vector<int> count(angles.size(), 0), same(angles.size(), 0);
        for (const auto& label : bench::readLabels(root)) {
            auto photo = image::readImageFile(root / label.file);
            if (!photo.ok()) continue;
            const cv::Mat upright = image::decode(photo.value()).value().bgr;
            auto faces = analyzer.value()->analyzePixels(upright);
            if (!faces.ok() || faces.value().empty()) continue;
            const vision::Face& face = *vision::largestFace(faces.value());
            const cv::Point2f centre(face.box.x + face.box.width / 2,
                                     face.box.y + face.box.height / 2);
            for (size_t i = 0; i < angles.size(); ++i) {
                cv::Mat turned;
                cv::warpAffine(upright, turned, cv::getRotationMatrix2D(centre, angles[i], 1.0),
                               upright.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT_101);
                auto turnedFaces = analyzer.value()->analyzePixels(turned);
                if (!turnedFaces.ok()) continue;
                for (const auto& t : turnedFaces.value())
                    if (t.box.contains(centre)) {
                        const float d = vision::embeddingDistance(t.embedding, face.embedding);
                        sum[i] += d;
                        ++count[i];
                        if (d <= vision::kSamePersonDistance) ++same[i];
                        break;
                    }
            }
        }
        std::cout << std::setw(11) << name;
        for (size_t i = 0; i < angles.size(); ++i)
            std::cout << "   " << static_cast<int>(angles[i]) << " deg: " << std::fixed
                      << std::setprecision(3) << (count[i] ? sum[i] / count[i] : 0) << " ("
                      << same[i] << "/" << count[i] << ")";
        std::cout << "\n";
    }
    return 0;
}
