#include "face_alignment.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "tensor_input.h"

namespace kith::vision {
namespace {

// face-api's alignment constants: where the eyes-and-mouth centroid sits in the crop, and the
// eyes-to-mouth distance as a fraction of the crop side.
constexpr float kRefX = 0.5f, kRefY = 0.43f, kEyesToMouth = 0.45f;

cv::Point2f centre(const Landmarks& p, int first, int last) {
    cv::Point2f sum(0, 0);
    for (int i = first; i < last; ++i)
        sum += p[i];
    return sum * (1.f / static_cast<float>(last - first));
}

struct FaceFrame {
    cv::Point2f leftEye, rightEye, mouth, reference;
    float size;  // side of the square crop face-api would take
};

FaceFrame frameOf(const Landmarks& p) {
    FaceFrame f;
    f.leftEye = centre(p, 36, 42);
    f.rightEye = centre(p, 42, 48);
    f.mouth = centre(p, 48, 68);
    const float eyesToMouth = (static_cast<float>(cv::norm(f.mouth - f.leftEye)) +
                               static_cast<float>(cv::norm(f.mouth - f.rightEye))) /
                              2;
    f.size = eyesToMouth / kEyesToMouth;
    f.reference = (f.leftEye + f.rightEye + f.mouth) * (1.f / 3.f);
    return f;
}

}  // namespace

cv::Rect faceApiClip(const cv::Rect2f& box, cv::Size image) {
    const float x = std::max(box.x, 0.f), y = std::max(box.y, 0.f);
    const float width = std::min(box.x + box.width - x, image.width - x);
    const float height = std::min(box.y + box.height - y, image.height - y);
    return cv::Rect(static_cast<int>(std::floor(x)), static_cast<int>(std::floor(y)),
                    static_cast<int>(std::floor(width)), static_cast<int>(std::floor(height)));
}

cv::Mat squareCropInput(const cv::Mat& bgr, const cv::Rect& crop, int side, Resampling resampling) {
    const cv::Mat face = bgr(crop & cv::Rect(0, 0, bgr.cols, bgr.rows));
    cv::Mat rgb;
    if (resampling == Resampling::TfLegacyBilinear) {
        cv::cvtColor(face, rgb, cv::COLOR_BGR2RGB);
        return resizeBilinearLegacy(padToSquare(rgb, SquarePlacement::Centered), side, side);
    }
    // Resize the crop first and pad afterwards: the same picture as padding then resizing, for
    // a fraction of the pixels.
    const double scale = static_cast<double>(side) / std::max(face.cols, face.rows);
    const cv::Size scaled(std::max(1, static_cast<int>(std::lround(face.cols * scale))),
                          std::max(1, static_cast<int>(std::lround(face.rows * scale))));
    cv::Mat resized;
    cv::resize(face, resized, scaled, 0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    const int padX = side - scaled.width, padY = side - scaled.height;
    cv::copyMakeBorder(resized, resized, padY - padY / 2, padY / 2, padX - padX / 2, padX / 2,
                       cv::BORDER_CONSTANT, cv::Scalar::all(0));
    cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(rgb, CV_32FC3);
    return rgb;
}

Landmarks landmarksInImage(const std::vector<cv::Point2f>& relative, const cv::Rect& crop,
                           cv::Point2f origin) {
    // The network sees the crop centred in a zero-padded square; undo the padding, then scale.
    const float side = static_cast<float>(std::max(crop.width, crop.height));
    const float padX = (side - crop.width) / 2, padY = (side - crop.height) / 2;
    Landmarks points{};
    for (int i = 0; i < kLandmarkCount; ++i)
        points[i] = cv::Point2f(relative[i].x * side - padX, relative[i].y * side - padY) + origin;
    return points;
}

float recognitionFrameSide(const Landmarks& points) {
    return frameOf(points).size;
}

cv::Rect2f faceApiRecognitionBox(const Landmarks& points, cv::Size detectorCrop) {
    const FaceFrame f = frameOf(points);
    const float size = std::floor(f.size);
    const float x = std::floor(std::max(0.f, f.reference.x - kRefX * size));
    const float y = std::floor(std::max(0.f, f.reference.y - kRefY * size));
    // face-api limits the box by the size of the crop the landmarks came from.
    return cv::Rect2f(x, y, std::min(size, detectorCrop.width + x),
                      std::min(size, detectorCrop.height + y));
}

cv::Mat similarityChip(const cv::Mat& bgr, const Landmarks& points, int side) {
    const FaceFrame f = frameOf(points);
    const double angle = std::atan2(f.rightEye.y - f.leftEye.y, f.rightEye.x - f.leftEye.x);
    double scale = side / f.size;
    // chip = scale * R(-angle) * (p - reference) + (kRefX, kRefY) * side
    auto affineFor = [&](double k, cv::Point2d ref) {
        const double c = std::cos(angle) * k, s = std::sin(angle) * k;
        return cv::Matx23d(c, s, kRefX * side - (c * ref.x + s * ref.y),  //
                           -s, c, kRefY * side - (-s * ref.x + c * ref.y));
    };
    cv::Mat source = bgr;
    cv::Point2d reference(f.reference);
    // Shrinking a large face by more than 2x in one bilinear step aliases; shrink the region
    // around the face with area averaging first.
    if (scale < 0.5) {
        const float reach = f.size * 0.8f;  // the chip's corners, whatever its rotation
        const cv::Rect region = cv::Rect(cv::Point(static_cast<int>(f.reference.x - reach),
                                                   static_cast<int>(f.reference.y - reach)),
                                         cv::Point(static_cast<int>(f.reference.x + reach) + 1,
                                                   static_cast<int>(f.reference.y + reach) + 1)) &
                                cv::Rect(0, 0, bgr.cols, bgr.rows);
        const double shrink = scale * 2;
        cv::resize(bgr(region), source, cv::Size(), shrink, shrink, cv::INTER_AREA);
        reference = (reference - cv::Point2d(region.tl())) * shrink;
        scale /= shrink;
    }
    cv::Mat chip, rgb;
    cv::warpAffine(source, chip, affineFor(scale, reference), cv::Size(side, side),
                   cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar::all(0));
    cv::cvtColor(chip, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(rgb, CV_32FC3);
    return rgb;
}

}  // namespace kith::vision
