// JPEG through libjpeg-turbo directly: header-only inspection, DCT-domain downscaling, decoding of
// a region without decoding the rest, and truncation reported as an error (OpenCV's decoder
// silently fills a truncated JPEG with grey).
#pragma once

#include <opencv2/core.hpp>
#include <span>
#include <string>

#include "kith/common/result.h"

namespace kith::image {

/// The stored size from the JPEG header. Errors: CorruptData.
Result<cv::Size> jpegDimensions(std::span<const unsigned char> bytes);

/// Decodes the whole image as stored (no orientation), scaled by scaleEighths / 8 (1..8).
/// Errors: CorruptData (damaged or truncated data).
Result<cv::Mat> jpegDecode(std::span<const unsigned char> bytes, int scaleEighths);

/// Decodes `region` (stored coordinates, inside the image) at full size.
Result<cv::Mat> jpegDecodeRegion(std::span<const unsigned char> bytes, const cv::Rect& region);

}  // namespace kith::image
