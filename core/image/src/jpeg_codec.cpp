#include "jpeg_codec.h"

// clang-format off
#include <cstdio>
#include <csetjmp>
#include <jpeglib.h>
#include <jerror.h>
// clang-format on

#include <algorithm>
#include <cstring>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace kith::image {
namespace {

// libjpeg reports fatal errors through error_exit, which must not return: it longjmps back to
// the setjmp in the decoding function. Everything alive across that jump is plain data owned by
// the decompressor, which jpeg_destroy_decompress releases.
struct ErrorManager {
    jpeg_error_mgr base;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    bool truncated;
};

void onFatalError(j_common_ptr info) {
    auto* errors = reinterpret_cast<ErrorManager*>(info->err);
    (*info->err->format_message)(info, errors->message);
    std::longjmp(errors->jump, 1);
}

void onMessage(j_common_ptr info, int level) {
    auto* errors = reinterpret_cast<ErrorManager*>(info->err);
    if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF) errors->truncated = true;
}

// Owns a decompressor for one decode; setjmp lives in the callers, which only touch plain data.
struct Decompressor {
    jpeg_decompress_struct info{};
    ErrorManager errors{};
    std::vector<unsigned char> line;  // one decoded scanline
    std::vector<unsigned char> bgr;   // the same, converted from CMYK

    explicit Decompressor(std::span<const unsigned char> bytes) {
        info.err = jpeg_std_error(&errors.base);
        errors.base.error_exit = onFatalError;
        errors.base.emit_message = onMessage;
        errors.truncated = false;
        errors.message[0] = '\0';
        jpeg_create_decompress(&info);
        jpeg_mem_src(&info, bytes.data(), static_cast<unsigned long>(bytes.size()));
    }
    ~Decompressor() { jpeg_destroy_decompress(&info); }
    Decompressor(const Decompressor&) = delete;
    Decompressor& operator=(const Decompressor&) = delete;

    Error corrupt() const {
        return makeError(ErrorCode::CorruptData,
                         std::string("the JPEG data is damaged (") + errors.message + ")");
    }
    Error truncated() const {
        return makeError(ErrorCode::CorruptData,
                         "the file is truncated: the JPEG data ends before the image does");
    }

    // Chooses an output colour space that gives BGR directly, or CMYK to convert ourselves.
    void chooseOutputColorSpace() {
        if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK)
            info.out_color_space = JCS_CMYK;
        else
            info.out_color_space = JCS_EXT_BGR;
    }

    // Converts one decoded CMYK row to BGR. Adobe writes inverted CMYK, which is what libjpeg
    // hands back for Adobe files; either way, with inverted values, B = Y' * K' / 255.
    void cmykRowToBgr(const unsigned char* cmyk, unsigned char* bgr, int width) const {
        const bool inverted = info.saw_Adobe_marker;
        for (int x = 0; x < width; ++x) {
            int c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
            if (!inverted) c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
            bgr[3 * x] = static_cast<unsigned char>(y * k / 255);
            bgr[3 * x + 1] = static_cast<unsigned char>(m * k / 255);
            bgr[3 * x + 2] = static_cast<unsigned char>(c * k / 255);
        }
    }
};

// Reads `rows` scanlines into the rows of `out` (BGR), taking columns
// [skipColumns, skipColumns + out.cols) of each. libjpeg may longjmp out of here, so this frame
// holds nothing that needs a destructor: the buffers belong to the Decompressor.
void readRows(Decompressor& d, cv::Mat& out, int rows, int skipColumns) {
    const int width = static_cast<int>(d.info.output_width);
    const int components = d.info.out_color_space == JCS_CMYK ? 4 : 3;
    d.line.resize(static_cast<size_t>(width) * components);
    d.bgr.resize(static_cast<size_t>(width) * 3);
    for (int r = 0; r < rows; ++r) {
        JSAMPROW row = d.line.data();
        if (jpeg_read_scanlines(&d.info, &row, 1) != 1) break;
        const unsigned char* pixels = d.line.data();
        if (components == 4) {
            d.cmykRowToBgr(d.line.data(), d.bgr.data(), width);
            pixels = d.bgr.data();
        }
        std::memcpy(out.ptr(r), pixels + 3 * skipColumns, 3 * static_cast<size_t>(out.cols));
    }
}

}  // namespace

Result<cv::Size> jpegDimensions(std::span<const unsigned char> bytes) {
    Decompressor d(bytes);
    if (setjmp(d.errors.jump)) return d.corrupt();
    jpeg_read_header(&d.info, TRUE);
    return cv::Size(static_cast<int>(d.info.image_width), static_cast<int>(d.info.image_height));
}

Result<cv::Mat> jpegDecode(std::span<const unsigned char> bytes, int scaleEighths) {
    Decompressor d(bytes);
    cv::Mat out;
    if (setjmp(d.errors.jump)) return d.corrupt();
    jpeg_read_header(&d.info, TRUE);
    d.chooseOutputColorSpace();
    d.info.scale_num = static_cast<unsigned>(std::clamp(scaleEighths, 1, 8));
    d.info.scale_denom = 8;
    jpeg_start_decompress(&d.info);
    out.create(static_cast<int>(d.info.output_height), static_cast<int>(d.info.output_width),
               CV_8UC3);
    readRows(d, out, out.rows, 0);
    if (d.errors.truncated) return d.truncated();
    jpeg_finish_decompress(&d.info);
    return out;
}

Result<cv::Mat> jpegDecodeRegion(std::span<const unsigned char> bytes, const cv::Rect& region) {
    Decompressor d(bytes);
    cv::Mat out;
    if (setjmp(d.errors.jump)) return d.corrupt();
    jpeg_read_header(&d.info, TRUE);
    d.chooseOutputColorSpace();
    jpeg_start_decompress(&d.info);
    const cv::Rect inside = region & cv::Rect(0, 0, static_cast<int>(d.info.output_width),
                                              static_cast<int>(d.info.output_height));
    if (inside.empty()) return makeError(ErrorCode::InvalidArgument, "region outside the image");
    // Cropping columns works on whole iMCUs: libjpeg widens the span to a boundary and tells us
    // where it starts.
    JDIMENSION xOffset = static_cast<JDIMENSION>(inside.x);
    JDIMENSION width = static_cast<JDIMENSION>(inside.width);
    jpeg_crop_scanline(&d.info, &xOffset, &width);
    if (inside.y > 0) jpeg_skip_scanlines(&d.info, static_cast<JDIMENSION>(inside.y));
    out.create(inside.height, inside.width, CV_8UC3);
    readRows(d, out, inside.height, inside.x - static_cast<int>(xOffset));
    if (d.errors.truncated) return d.truncated();
    jpeg_abort_decompress(&d.info);
    return out;
}

}  // namespace kith::image
