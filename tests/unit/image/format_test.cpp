#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>

#include "kith/image.h"
#include "test_support.h"

using namespace kith;

namespace {

std::vector<unsigned char> encode(const std::string& extension, cv::Size size) {
    cv::Mat pixels(size, CV_8UC3, cv::Scalar(40, 120, 200));
    std::vector<unsigned char> bytes;
    REQUIRE(cv::imencode(extension, pixels, bytes));
    return bytes;
}

}  // namespace

TEST_CASE("formats are recognised by content and sized from their header", "[image]") {
    const cv::Size size(37, 23);
    const std::vector<std::pair<std::string, image::Format>> cases = {
        {".jpg", image::Format::Jpeg},
        {".png", image::Format::Png},
        {".webp", image::Format::WebP},
        {".tiff", image::Format::Tiff},
        {".bmp", image::Format::Bmp}};
    for (const auto& [extension, format] : cases) {
        SECTION(extension) {
            // Named as the wrong thing on purpose: the name must not matter.
            auto inspected = image::inspectImage(encode(extension, size), "photo.gif");
            REQUIRE(inspected.ok());
            CHECK(inspected.value().format == format);
            CHECK(inspected.value().width() == size.width);
            CHECK(inspected.value().height() == size.height);
            auto decoded = image::decode(inspected.value());
            REQUIRE(decoded.ok());
            CHECK(decoded.value().bgr.size() == size);
        }
    }
}

TEST_CASE("img47.jpg of the dev set is a WebP file and is read as one", "[image]") {
    auto photo = image::readImageFile(test::devSet() / "images" / "img47.jpg");
    REQUIRE(photo.ok());
    CHECK(photo.value().format == image::Format::WebP);
    auto decoded = image::decode(photo.value());
    REQUIRE(decoded.ok());
    CHECK(decoded.value().bgr.cols == photo.value().width());
}

TEST_CASE("content Kith cannot read is named in the error", "[image]") {
    std::vector<unsigned char> heic = {0,   0,   0,   24,  'f', 't', 'y', 'p',
                                       'h', 'e', 'i', 'c', 0,   0,   0,   0};
    heic.resize(64, 0);
    auto result = image::inspectImage(heic, "IMG_0001.HEIC");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::UnsupportedFormat);
    CHECK_THAT(result.error().message, Catch::Contains("HEIC"));
}

TEST_CASE("a reduced decode keeps the long side at least as asked, and says its scale", "[image]") {
    auto photo = image::inspectImage(encode(".jpg", cv::Size(1600, 1200)), "big.jpg");
    REQUIRE(photo.ok());
    auto raster = image::decode(photo.value(), 500);
    REQUIRE(raster.ok());
    CHECK(raster.value().bgr.cols == 800);  // JPEG halves in the decoder; a quarter would be 400
    CHECK(raster.value().scale == Approx(0.5));
    auto full = image::decode(photo.value());
    REQUIRE(full.ok());
    CHECK(full.value().bgr.cols == 1600);
    CHECK(full.value().scale == Approx(1.0));
}

TEST_CASE("a camera raw file built on TIFF is named as such, not read as its preview", "[image]") {
    // Little-endian TIFF, first directory at 8: three entries, NewSubFileType = 1 (a reduced
    // preview, as NEF and ARW files start), width 160, height 120.
    const std::vector<unsigned char> raw = {'I', 'I', 42, 0,   8,   0, 0, 0, 3,    0,    0xfe, 0, 4,
                                            0,   1,   0,  0,   0,   1, 0, 0, 0,    0x00, 1,    3, 0,
                                            1,   0,   0,  0,   160, 0, 0, 0, 0x01, 1,    3,    0, 1,
                                            0,   0,   0,  120, 0,   0, 0, 0, 0,    0,    0};
    auto result = image::inspectImage(raw, "DSC_0001.NEF");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::UnsupportedFormat);
    CHECK_THAT(result.error().message, Catch::Contains("RAW"));
}
