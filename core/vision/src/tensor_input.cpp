#include "tensor_input.h"

#include <cmath>
#include <stdexcept>

namespace kith::vision {

cv::Mat makeInputBlob(const std::vector<cv::Mat>& rgbImages, const std::array<float, 3>& mean,
                      float scale) {
    if (rgbImages.empty()) throw std::invalid_argument("makeInputBlob: no images");
    const int rows = rgbImages[0].rows, cols = rgbImages[0].cols;
    const int sizes[] = {static_cast<int>(rgbImages.size()), 3, rows, cols};
    cv::Mat blob(4, sizes, CV_32F);
    const size_t plane = static_cast<size_t>(rows) * cols;
    for (size_t n = 0; n < rgbImages.size(); ++n) {
        const cv::Mat& image = rgbImages[n];
        if (image.type() != CV_32FC3 || image.rows != rows || image.cols != cols)
            throw std::invalid_argument("makeInputBlob: images must be same-sized CV_32FC3");
        float* out = blob.ptr<float>() + n * 3 * plane;
        for (int y = 0; y < rows; ++y) {
            const float* in = image.ptr<float>(y);
            for (int x = 0; x < cols; ++x)
                for (int c = 0; c < 3; ++c)
                    out[c * plane + static_cast<size_t>(y) * cols + x] =
                        (in[3 * x + c] - mean[c]) * scale;
        }
    }
    return blob;
}

cv::Mat resizeBilinearLegacy(const cv::Mat& src, int width, int height) {
    cv::Mat input;
    src.convertTo(input, CV_32FC3);
    cv::Mat out(height, width, CV_32FC3);
    const float scaleY = static_cast<float>(input.rows) / height;
    const float scaleX = static_cast<float>(input.cols) / width;
    std::vector<int> x0(width), x1(width);
    std::vector<float> fx(width);
    for (int x = 0; x < width; ++x) {
        const float sx = x * scaleX;
        x0[x] = static_cast<int>(std::floor(sx));
        x1[x] = std::min(x0[x] + 1, input.cols - 1);
        fx[x] = sx - x0[x];
    }
    for (int y = 0; y < height; ++y) {
        const float sy = y * scaleY;
        const int y0 = static_cast<int>(std::floor(sy));
        const int y1 = std::min(y0 + 1, input.rows - 1);
        const float fy = sy - y0;
        const float* top = input.ptr<float>(y0);
        const float* bottom = input.ptr<float>(y1);
        float* row = out.ptr<float>(y);
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c) {
                const float t =
                    top[3 * x0[x] + c] + (top[3 * x1[x] + c] - top[3 * x0[x] + c]) * fx[x];
                const float b =
                    bottom[3 * x0[x] + c] + (bottom[3 * x1[x] + c] - bottom[3 * x0[x] + c]) * fx[x];
                row[3 * x + c] = t + (b - t) * fy;
            }
    }
    return out;
}

cv::Mat padToSquare(const cv::Mat& src, SquarePlacement placement) {
    cv::Mat input;
    src.convertTo(input, CV_32FC3);
    const int side = std::max(input.rows, input.cols);
    const int diff = side - std::min(input.rows, input.cols);
    // face-api appends round(diff / 2) after the image and prepends the rest.
    const int after =
        placement == SquarePlacement::Centered ? static_cast<int>(std::lround(diff * 0.5)) : diff;
    const int before = diff - after;
    cv::Mat out;
    if (input.rows < input.cols)
        cv::copyMakeBorder(input, out, before, after, 0, 0, cv::BORDER_CONSTANT,
                           cv::Scalar::all(0));
    else
        cv::copyMakeBorder(input, out, 0, 0, before, after, cv::BORDER_CONSTANT,
                           cv::Scalar::all(0));
    return out;
}

}  // namespace kith::vision
