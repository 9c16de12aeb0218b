#include <opencv2/core.hpp>

#include "kith/image.h"

namespace kith::image {

cv::Mat applyOrientation(const cv::Mat& stored, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2:
            cv::flip(stored, out, 1);
            break;
        case 3:
            cv::rotate(stored, out, cv::ROTATE_180);
            break;
        case 4:
            cv::flip(stored, out, 0);
            break;
        case 5:
            cv::transpose(stored, out);
            break;
        case 6:
            cv::rotate(stored, out, cv::ROTATE_90_CLOCKWISE);
            break;
        case 7:
            cv::transpose(stored, out);
            cv::rotate(out, out, cv::ROTATE_180);
            break;
        case 8:
            cv::rotate(stored, out, cv::ROTATE_90_COUNTERCLOCKWISE);
            break;
        default:
            out = stored;
            break;
    }
    return out;
}

cv::Rect2f orientedToStored(cv::Rect2f r, int orientation, float storedWidth, float storedHeight) {
    const float W = storedWidth, H = storedHeight;
    // Corner coordinates (continuous): oriented (x, y) maps to stored as below, the inverse of
    // the pixel moves in applyOrientation.
    auto toStored = [&](float x, float y) -> cv::Point2f {
        switch (orientation) {
            case 2:
                return {W - x, y};
            case 3:
                return {W - x, H - y};
            case 4:
                return {x, H - y};
            case 5:
                return {y, x};
            case 6:
                return {y, H - x};
            case 7:
                return {W - y, H - x};
            case 8:
                return {W - y, x};
            default:
                return {x, y};
        }
    };
    const cv::Point2f a = toStored(r.x, r.y), b = toStored(r.x + r.width, r.y + r.height);
    return cv::Rect2f(cv::Point2f(std::min(a.x, b.x), std::min(a.y, b.y)),
                      cv::Point2f(std::max(a.x, b.x), std::max(a.y, b.y)));
}

cv::Rect orientedToStored(cv::Rect r, int orientation, int storedWidth, int storedHeight) {
    // Whole pixels stay whole: every corner moves by sums of integers.
    const cv::Rect2f stored =
        orientedToStored(cv::Rect2f(r), orientation, static_cast<float>(storedWidth),
                         static_cast<float>(storedHeight));
    return {cvRound(stored.x), cvRound(stored.y), cvRound(stored.width), cvRound(stored.height)};
}

cv::Rect2f storedToOriented(cv::Rect2f r, int orientation, float orientedWidth,
                            float orientedHeight) {
    // The stored image is the oriented one under the inverse orientation: 6 and 8 undo each
    // other, the rest undo themselves.
    const int inverse = orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
    return orientedToStored(r, inverse, orientedWidth, orientedHeight);
}

}  // namespace kith::image
