// kith::image — reading photos: format by content, limits checked before any pixel is
// allocated, EXIF orientation applied, and decoding at the size the caller needs (a reduced
// whole image for detection, full resolution only around a face).
//
// Thread-safety: all functions are safe to call concurrently on different inputs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <opencv2/core.hpp>
#include <span>
#include <string>
#include <vector>

#include "kith/common/result.h"

namespace kith::image {

enum class Format { Unknown, Jpeg, Png, WebP, Tiff, Bmp };

/// "JPEG", "PNG", ... ; "unknown" for Unknown.
const char* formatName(Format format);

/// The format from the first bytes of the file, whatever its name says.
Format sniffFormat(std::span<const unsigned char> bytes);

struct Limits {
    std::uint64_t maxFileBytes = 1ull << 30;  // files larger than 1 GiB are refused unread
    std::uint64_t maxPixels = 250'000'000;    // headers claiming more are refused undecoded
};

/// A photo's bytes and what its header says, before any pixel is decoded.
struct EncodedImage {
    std::string name;  // for messages: the path or a label
    std::vector<unsigned char> bytes;
    Format format = Format::Unknown;
    int storedWidth = 0;  // as stored in the file, before orientation
    int storedHeight = 0;
    int orientation = 1;                // EXIF orientation 1..8 (1 when absent)
    std::string takenAt;                // EXIF date taken, "YYYY-MM-DDTHH:MM:SS"; "" if unknown
    std::string camera;                 // "Make Model" from EXIF; "" if unknown
    std::string xmpPacket;              // XMP embedded in the file (face regions, keywords)
    std::vector<std::string> warnings;  // problems that did not stop reading (broken EXIF)

    /// Size as the photo is meant to be seen (after orientation).
    int width() const { return orientation >= 5 ? storedHeight : storedWidth; }
    int height() const { return orientation >= 5 ? storedWidth : storedHeight; }
};

/// Reads a file and inspects it. Errors: NotFound, Unreadable, TooLarge (file or pixel count),
/// UnsupportedFormat (content not one of the formats above), CorruptData (damaged header).
Result<EncodedImage> readImageFile(const std::filesystem::path& path, const Limits& limits = {});

/// exiv2 0.27's XMP toolkit must be initialised once before threads use it; every user of exiv2
/// calls this first (it is cheap after the first time).
void initialiseExiv2Once();

/// OpenCV's own log lines ("[ WARN:0@1.2] global loadsave.cpp ...") about a damaged file or a
/// backend would reach the terminal beside what Kith reports itself: every user of OpenCV's
/// decoders and networks mutes them first, as exiv2's are, unless someone debugging asks for
/// them (OPENCV_LOG_LEVEL). Cheap after the first time.
void muteOpenCvLogOnce();

/// Inspects bytes already in memory; `name` is used in messages.
Result<EncodedImage> inspectImage(std::vector<unsigned char> bytes, std::string name,
                                  const Limits& limits = {});

/// A decoded, oriented image (BGR, 8 bits per channel) at some fraction of full size.
struct Raster {
    cv::Mat bgr;
    double scale = 1.0;  // raster pixels per full-resolution pixel (1 = full size)
};

/// Decodes the whole image, oriented. With `minLongSide` > 0 the result may be smaller than
/// full size, but its longer side is at least `minLongSide` (or the full size, if smaller);
/// JPEG uses the decoder's own downscaling, which is much faster than decoding everything.
/// Errors: CorruptData (including a truncated file), TooLarge, Internal.
Result<Raster> decode(const EncodedImage& image, int minLongSide = 0);

/// Decodes one region at full resolution. `region` is in oriented full-size pixels and is
/// clipped to the image. JPEG decodes only the rows and columns it needs.
Result<cv::Mat> decodeRegion(const EncodedImage& image, cv::Rect region);

/// Applies EXIF orientation 1..8 to a raster as stored, giving the raster as seen.
cv::Mat applyOrientation(const cv::Mat& stored, int orientation);

/// Maps a rectangle from oriented coordinates to stored coordinates (the inverse of
/// applyOrientation's geometry) for an image stored as storedWidth x storedHeight.
cv::Rect orientedToStored(cv::Rect oriented, int orientation, int storedWidth, int storedHeight);
cv::Rect2f orientedToStored(cv::Rect2f oriented, int orientation, float storedWidth,
                            float storedHeight);
/// The other way: a rectangle of the image as stored, in the image as seen (`orientedWidth` x
/// `orientedHeight`).
cv::Rect2f storedToOriented(cv::Rect2f stored, int orientation, float orientedWidth,
                            float orientedHeight);

}  // namespace kith::image
