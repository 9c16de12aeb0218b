#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "kith/pipeline.h"

namespace kith::pipeline {
namespace {

constexpr int kThumbnailLongSide = 320;
constexpr int kFaceCropSide = 160;
constexpr float kFaceCropMargin = 1.6f;  // the crop shows the face and a little around it

// Writes next to the target and renames, so a reader never sees half a file.
bool writeJpeg(const std::filesystem::path& target, const cv::Mat& pixels) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    thread_local std::mt19937 random(std::random_device{}());
    const std::filesystem::path temporary =
        target.string() + ".tmp" + std::to_string(random() % 1000000) + ".jpg";
    if (!cv::imwrite(temporary.string(), pixels, {cv::IMWRITE_JPEG_QUALITY, 85})) return false;
    std::filesystem::rename(temporary, target, ec);
    if (ec) std::filesystem::remove(temporary, ec);
    return !ec;
}

}  // namespace

ThumbnailCache::ThumbnailCache(std::filesystem::path directory)
    : directory_(std::move(directory)) {}

std::filesystem::path ThumbnailCache::defaultDirectory() {
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache)
        return std::filesystem::path(cache) / "kith";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / ".cache" / "kith";
}

std::filesystem::path ThumbnailCache::photoThumbnail(const std::string& hash) const {
    return directory_ / "thumbnails" / hash.substr(0, 2) / (hash + ".jpg");
}

std::filesystem::path ThumbnailCache::faceCrop(const std::string& hash,
                                               const store::Face& f) const {
    const std::string box =
        std::to_string(std::lround(f.x)) + "_" + std::to_string(std::lround(f.y)) + "_" +
        std::to_string(std::lround(f.width)) + "_" + std::to_string(std::lround(f.height));
    return directory_ / "faces" / hash.substr(0, 2) / (hash + "_" + box + ".jpg");
}

Status ThumbnailCache::write(const std::string& hash, const cv::Mat& raster, double scale,
                             const std::vector<store::Face>& faces) const {
    std::error_code ec;
    const auto thumbnail = photoThumbnail(hash);
    if (!std::filesystem::exists(thumbnail, ec)) {
        const double shrink = std::min(
            1.0, static_cast<double>(kThumbnailLongSide) / std::max(raster.cols, raster.rows));
        cv::Mat small;
        cv::resize(raster, small, cv::Size(), shrink, shrink, cv::INTER_AREA);
        if (!writeJpeg(thumbnail, small))
            return makeError(ErrorCode::StorageError, "cannot write the thumbnail",
                             thumbnail.string());
    }
    for (const store::Face& face : faces) {
        const auto crop = faceCrop(hash, face);
        if (std::filesystem::exists(crop, ec)) continue;
        const float side =
            std::max(face.width, face.height) * kFaceCropMargin * static_cast<float>(scale);
        const cv::Point2f centre((face.x + face.width / 2) * static_cast<float>(scale),
                                 (face.y + face.height / 2) * static_cast<float>(scale));
        const int sidePixels = std::max(1, static_cast<int>(std::lround(side)));
        const cv::Rect region(static_cast<int>(std::lround(centre.x - side / 2)),
                              static_cast<int>(std::lround(centre.y - side / 2)), sidePixels,
                              sidePixels);
        const cv::Rect inside = region & cv::Rect(0, 0, raster.cols, raster.rows);
        if (inside.empty()) continue;
        // A face at the border: grey where the photo ends, so every crop is square and centred.
        cv::Mat square(region.size(), raster.type(), cv::Scalar::all(128));
        raster(inside).copyTo(square(inside - region.tl()));
        cv::Mat resized;
        cv::resize(square, resized, cv::Size(kFaceCropSide, kFaceCropSide), 0, 0,
                   square.cols > kFaceCropSide ? cv::INTER_AREA : cv::INTER_LINEAR);
        if (!writeJpeg(crop, resized))
            return makeError(ErrorCode::StorageError, "cannot write a face crop", crop.string());
    }
    return {};
}

}  // namespace kith::pipeline
