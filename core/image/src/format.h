// Header parsing for the formats decoded by OpenCV (PNG, WebP, TIFF, BMP): the stored size, read
// without decoding, so that absurd sizes are refused before any allocation.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kith/image.h"

namespace kith::image {

/// Width and height as the file's header states them; nullopt when the header is damaged or
/// too short to say. Not used for JPEG (libjpeg reads its header, see jpeg_codec.h).
std::optional<cv::Size> headerDimensions(std::span<const unsigned char> bytes, Format format);

/// Whether a TIFF file is really a camera's raw file (DNG, NEF, ARW, ...): Kith does not
/// develop raw files, and OpenCV would read only their small embedded preview.
bool looksLikeCameraRaw(std::span<const unsigned char> bytes);

/// A TIFF file with the orientation its first directory states (tag 274) set to 1, in a copy;
/// empty when it states none but 1. OpenCV's TIFF decoder (libtiff's RGBA interface) turns the
/// image by that tag even when told to ignore the orientation, and Kith turns every format's
/// image itself, once: read.cpp decodes this copy.
std::vector<unsigned char> tiffAsStored(std::span<const unsigned char> bytes);

/// For content that is not a supported image, what it looks like ("a HEIC/HEIF photo", "a GIF
/// animation", "camera RAW"), so that the error says more than "unknown"; empty if nothing known.
std::string describeUnsupportedContent(std::span<const unsigned char> bytes);

}  // namespace kith::image
