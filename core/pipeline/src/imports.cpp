// Names other apps left in the photos' XMP, taken in while a photo is analysed.
#include <algorithm>
#include <numeric>

#include "kith/common/box.h"
#include "kith/pipeline.h"

namespace kith::pipeline {
namespace {

constexpr float kMinOverlap = 0.3f;

cv::Rect2f boxOf(const store::Face& f) {
    return {f.x, f.y, f.width, f.height};
}

cv::Rect2f boxOf(const metadata::Region& r) {
    return {r.x, r.y, r.width, r.height};
}

float overlap(const cv::Rect2f& a, const cv::Rect2f& b) {
    return kith::overlap(Box{a.x, a.y, a.width, a.height}, Box{b.x, b.y, b.width, b.height});
}

bool holdsCentre(const cv::Rect2f& box, const cv::Rect2f& other) {
    return box.contains(cv::Point2f(other.x + other.width / 2, other.y + other.height / 2));
}

}  // namespace

std::vector<int> matchRegions(std::span<const store::Face> faces,
                              std::span<const metadata::Region> regions) {
    struct Candidate {
        float overlap;
        int region, face;
    };
    std::vector<Candidate> candidates;
    for (std::size_t r = 0; r < regions.size(); ++r)
        for (std::size_t f = 0; f < faces.size(); ++f) {
            const cv::Rect2f a = boxOf(regions[r]), b = boxOf(faces[f]);
            const float o = overlap(a, b);
            if (o >= kMinOverlap || (holdsCentre(a, b) && holdsCentre(b, a)))
                candidates.push_back({o, static_cast<int>(r), static_cast<int>(f)});
        }
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& x, const Candidate& y) { return x.overlap > y.overlap; });
    std::vector<int> faceOf(regions.size(), -1);
    std::vector<bool> faceTaken(faces.size(), false);
    for (const Candidate& c : candidates)
        if (faceOf[c.region] < 0 && !faceTaken[c.face]) {
            faceOf[c.region] = c.face;
            faceTaken[c.face] = true;
        }
    return faceOf;
}

ImportedNames importNames(vision::FaceAnalyzer& analyzer, const image::EncodedImage& photo,
                          const std::filesystem::path& path, std::span<const store::Face> faces,
                          image::Raster& decoded, bool sidecarsOnly) {
    ImportedNames result;
    const auto found = metadata::readRegions(path, sidecarsOnly ? std::string() : photo.xmpPacket,
                                             {photo.width(), photo.height(), photo.orientation});
    if (!found.ok()) {
        result.warnings.push_back("face names in XMP not read: " + found.error().describe());
        return result;
    }
    const auto& regions = found.value().regions;
    const std::vector<int> faceOf = matchRegions(faces, regions);
    for (std::size_t r = 0; r < regions.size(); ++r) {
        if (faceOf[r] >= 0) {
            result.named.emplace_back(static_cast<std::size_t>(faceOf[r]), regions[r].name);
            continue;
        }
        // A face the detector missed (or an app's box for a face turned away): described where
        // the app put it, as a face a person drew.
        auto described = analyzer.describeBox(photo, boxOf(regions[r]), &decoded);
        if (!described.ok()) {
            result.warnings.push_back("the XMP face region of " + regions[r].name +
                                      " was not taken in: " + described.error().message);
            continue;
        }
        store::Face face = storedFace(described.value());
        face.origin = store::FaceOrigin::Imported;
        face.importedName = regions[r].name;
        result.added.push_back(std::move(face));
    }
    return result;
}

}  // namespace kith::pipeline
