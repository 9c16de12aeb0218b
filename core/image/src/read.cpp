#include <cstdlib>
#include <fstream>
#include <mutex>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <system_error>

#include "exif.h"
#include "format.h"
#include "jpeg_codec.h"
#include "kith/image.h"

namespace kith::image {
namespace {

std::string megapixels(std::uint64_t pixels) {
    return std::to_string((pixels + 500'000) / 1'000'000) + " megapixels";
}

Error withPath(Error error, const std::string& path) {
    if (error.path.empty()) error.path = path;
    return error;
}

// OpenCV decodes every format but JPEG (see jpeg_codec.h for why JPEG is apart), as stored: a
// TIFF with its orientation tag neutralised (tiffAsStored), which OpenCV would otherwise apply
// before decode() applies it again (issue 17: such a photo came out turned twice, its face crops
// taken from the wrong place). OpenCV throws on some damaged files and returns an empty image
// on others; both become CorruptData.
Result<cv::Mat> opencvDecode(const EncodedImage& image) {
    muteOpenCvLogOnce();
    try {
        const std::vector<unsigned char> asStored =
            image.format == Format::Tiff ? tiffAsStored(image.bytes) : std::vector<unsigned char>{};
        cv::Mat pixels = cv::imdecode(asStored.empty() ? image.bytes : asStored,
                                      cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
        // Coordinates and the pixel limit were taken from the header: a decoder that reads
        // another size (another page, a damaged directory) is not trusted.
        if (!pixels.empty() && pixels.size() == cv::Size(image.storedWidth, image.storedHeight))
            return pixels;
    } catch (const cv::Exception&) {
    }
    return makeError(ErrorCode::CorruptData,
                     std::string("the ") + formatName(image.format) +
                         " data is damaged or truncated and cannot be decoded",
                     image.name);
}

// The stored image scaled by scaleEighths / 8 (JPEG only; other formats decode at full size).
Result<cv::Mat> decodeStored(const EncodedImage& image, int scaleEighths) {
    if (image.format == Format::Jpeg) {
        auto pixels = jpegDecode(image.bytes, scaleEighths);
        if (!pixels.ok()) return withPath(pixels.error(), image.name);
        return pixels;
    }
    return opencvDecode(image);
}

}  // namespace

void muteOpenCvLogOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (!std::getenv("OPENCV_LOG_LEVEL"))
            cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    });
}

Result<EncodedImage> readImageFile(const std::filesystem::path& path, const Limits& limits) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        return makeError(ErrorCode::NotFound, "the file does not exist (or vanished)", name);
    if (!std::filesystem::is_regular_file(status))
        return makeError(ErrorCode::Unreadable, "not a regular file", name);
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return makeError(ErrorCode::Unreadable, "cannot read the file size", name);
    if (size == 0) return makeError(ErrorCode::CorruptData, "the file is empty (0 bytes)", name);
    if (size > limits.maxFileBytes)
        return makeError(ErrorCode::TooLarge,
                         "the file is " + std::to_string(size >> 20) + " MiB, more than the " +
                             std::to_string(limits.maxFileBytes >> 20) + " MiB limit",
                         name);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Unreadable, "the file cannot be opened (permissions?)", name);
    std::vector<unsigned char> bytes(size);
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size)
        return makeError(ErrorCode::Unreadable, "the file could not be read completely", name);
    return inspectImage(std::move(bytes), name, limits);
}

Result<EncodedImage> inspectImage(std::vector<unsigned char> bytes, std::string name,
                                  const Limits& limits) {
    EncodedImage image;
    image.name = std::move(name);
    image.format = sniffFormat(bytes);
    if (bytes.empty())
        return makeError(ErrorCode::CorruptData, "the file is empty (0 bytes)", image.name);
    if (image.format == Format::Unknown) {
        const std::string what = describeUnsupportedContent(bytes);
        return makeError(ErrorCode::UnsupportedFormat,
                         what.empty() ? "not an image Kith can read (its content is not JPEG, "
                                        "PNG, WebP, TIFF or BMP, whatever its name says)"
                                      : "this is " + what + ", which Kith cannot read yet",
                         image.name);
    }
    if (image.format == Format::Tiff && looksLikeCameraRaw(bytes))
        return makeError(ErrorCode::UnsupportedFormat,
                         "this is a camera RAW file, which Kith cannot read yet", image.name);
    cv::Size stored;
    if (image.format == Format::Jpeg) {
        auto size = jpegDimensions(bytes);
        if (!size.ok()) return withPath(size.error(), image.name);
        stored = size.value();
    } else {
        const auto size = headerDimensions(bytes, image.format);
        if (!size)
            return makeError(ErrorCode::CorruptData,
                             std::string("the ") + formatName(image.format) +
                                 " header is damaged: the image size cannot be read",
                             image.name);
        stored = *size;
    }
    if (stored.width <= 0 || stored.height <= 0)
        return makeError(ErrorCode::CorruptData, "the header states an empty image", image.name);
    const std::uint64_t pixels =
        static_cast<std::uint64_t>(stored.width) * static_cast<std::uint64_t>(stored.height);
    if (pixels > limits.maxPixels)
        return makeError(ErrorCode::TooLarge,
                         "the header claims " + std::to_string(stored.width) + "x" +
                             std::to_string(stored.height) + " pixels (" + megapixels(pixels) +
                             "), more than the " + megapixels(limits.maxPixels) +
                             " limit; refused without decoding",
                         image.name);
    image.storedWidth = stored.width;
    image.storedHeight = stored.height;
    image.bytes = std::move(bytes);
    const ExifReading exif = readExif(image.bytes);
    image.orientation = exif.orientation;
    image.takenAt = exif.takenAt;
    image.camera = exif.camera;
    image.xmpPacket = exif.xmpPacket;
    if (!exif.problem.empty()) image.warnings.push_back(exif.problem);
    return image;
}

Result<Raster> decode(const EncodedImage& image, int minLongSide) {
    const int longSide = std::max(image.storedWidth, image.storedHeight);
    // The largest JPEG reduction (1/8, 1/4, 1/2) that keeps the long side >= minLongSide.
    int eighths = 8;
    if (image.format == Format::Jpeg && minLongSide > 0)
        while (eighths > 1 && longSide * (eighths / 2) >= minLongSide * 8)
            eighths /= 2;
    auto stored = decodeStored(image, eighths);
    if (!stored.ok()) return stored.error();
    Raster raster;
    raster.bgr = applyOrientation(stored.value(), image.orientation);
    raster.scale = static_cast<double>(std::max(raster.bgr.cols, raster.bgr.rows)) / longSide;
    return raster;
}

Result<cv::Mat> decodeRegion(const EncodedImage& image, cv::Rect region) {
    const cv::Rect inside = region & cv::Rect(0, 0, image.width(), image.height());
    if (inside.empty())
        return makeError(ErrorCode::InvalidArgument, "the region lies outside the image",
                         image.name);
    const cv::Rect stored =
        orientedToStored(inside, image.orientation, image.storedWidth, image.storedHeight);
    cv::Mat pixels;
    if (image.format == Format::Jpeg) {
        auto part = jpegDecodeRegion(image.bytes, stored);
        if (!part.ok()) return withPath(part.error(), image.name);
        pixels = std::move(part.value());
    } else {
        auto whole = opencvDecode(image);
        if (!whole.ok()) return whole.error();
        pixels = whole.value()(stored & cv::Rect(0, 0, whole.value().cols, whole.value().rows));
    }
    return applyOrientation(pixels, image.orientation).clone();
}

}  // namespace kith::image
