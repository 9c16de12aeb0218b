// Bad input gets a clear error and nothing is allocated for it (issue 4).
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "kith/image.h"
#include "test_support.h"

using namespace kith;

namespace {

// A PNG signature and an IHDR chunk claiming width x height, nothing else.
std::vector<unsigned char> pngHeaderClaiming(uint32_t width, uint32_t height) {
    std::vector<unsigned char> bytes = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a,
                                        0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    for (uint32_t v : {width, height})
        for (int shift = 24; shift >= 0; shift -= 8)
            bytes.push_back(static_cast<unsigned char>(v >> shift));
    for (unsigned char b : {8, 2, 0, 0, 0, 0, 0, 0, 0})
        bytes.push_back(b);  // depth, colour, ..., CRC
    return bytes;
}

}  // namespace

TEST_CASE("a zero-byte file is an empty file, not an image", "[image][bad-input]") {
    test::TempDir dir;
    std::ofstream(dir / "empty.jpg").close();
    auto result = image::readImageFile(dir / "empty.jpg");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::CorruptData);
    CHECK_THAT(result.error().message, Catch::Contains("empty"));
    CHECK(result.error().path == (dir / "empty.jpg").string());
}

TEST_CASE("a truncated JPEG is reported as truncated, not decoded as grey", "[image][bad-input]") {
    test::TempDir dir;
    auto bytes = test::readBytes(test::devSet() / "images" / "img1.jpg");
    bytes.resize(bytes.size() * 6 / 10);
    test::writeBytes(dir / "cut.jpg", bytes);
    auto photo = image::readImageFile(dir / "cut.jpg");
    REQUIRE(photo.ok());  // the header is intact
    auto decoded = image::decode(photo.value());
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == ErrorCode::CorruptData);
    CHECK_THAT(decoded.error().message, Catch::Contains("truncated"));
}

TEST_CASE("a text file named .jpg is not an image", "[image][bad-input]") {
    test::TempDir dir;
    std::ofstream(dir / "notes.jpg") << "shopping list: milk, eggs\n";
    auto result = image::readImageFile(dir / "notes.jpg");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::UnsupportedFormat);
    CHECK_THAT(result.error().message, Catch::Contains("not an image"));
}

TEST_CASE("a PNG header claiming 100000x100000 pixels is refused before decoding",
          "[image][bad-input]") {
    const auto start = std::chrono::steady_clock::now();
    auto result = image::inspectImage(pngHeaderClaiming(100000, 100000), "bomb.png");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::TooLarge);
    CHECK_THAT(result.error().message,
               Catch::Contains("100000x100000") && Catch::Contains("limit"));
    // Refused from the header alone: no 30 GB buffer, no time spent.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(200));
}

TEST_CASE("a file that vanished is not found", "[image][bad-input]") {
    test::TempDir dir;
    auto result = image::readImageFile(dir / "gone.jpg");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::NotFound);
}

TEST_CASE("a folder is not a photo", "[image][bad-input]") {
    test::TempDir dir;
    auto result = image::readImageFile(dir.path());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == ErrorCode::Unreadable);
}

TEST_CASE("broken EXIF does not stop a photo from being read", "[image][bad-input]") {
    cv::Mat pixels(40, 60, CV_8UC3, cv::Scalar(10, 200, 90));
    std::vector<unsigned char> jpeg;
    REQUIRE(cv::imencode(".jpg", pixels, jpeg));
    // An APP1 Exif segment whose TIFF header points its first directory far past the end.
    const std::vector<unsigned char> app1 = {0xff, 0xe1, 0x00, 0x10, 'E', 'x',  'i',  'f',  0,
                                             0,    'I',  'I',  42,   0,   0xf0, 0xff, 0xff, 0x7f};
    jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
    auto photo = image::inspectImage(jpeg, "broken-exif.jpg");
    REQUIRE(photo.ok());
    CHECK(photo.value().orientation == 1);
    auto decoded = image::decode(photo.value());
    REQUIRE(decoded.ok());
    CHECK(decoded.value().bgr.size() == pixels.size());
}

TEST_CASE("a truncated WebP is reported as damaged", "[image][bad-input]") {
    auto bytes = test::readBytes(test::devSet() / "images" / "img47.jpg");
    bytes.resize(bytes.size() / 2);
    auto photo = image::inspectImage(bytes, "cut.webp");
    REQUIRE(photo.ok());
    auto decoded = image::decode(photo.value());
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == ErrorCode::CorruptData);
}
