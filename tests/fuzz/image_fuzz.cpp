// Fuzz target: a photo's bytes through format sniffing, the header checks that refuse
// decompression bombs, and decoding (whole, reduced, and one region). For any input: no crash,
// no undefined behaviour, no leak, and nothing decoded larger than the limit or than the header
// said. Run by scripts/fuzz.sh.
#include <cstdint>
#include <vector>

#include "fuzz_require.h"
#include "kith/image.h"

namespace {

// The default limit is 250 megapixels, which decodes to 750 MB: too much for every run of the
// fuzzer (2 GB of memory). A smaller limit goes through the same checks.
constexpr kith::image::Limits kLimits{1u << 20, 4'000'000};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kith::image;
    std::vector<unsigned char> bytes(data, data + size);
    const Format format = sniffFormat(bytes);
    FUZZ_REQUIRE(formatName(format) != nullptr);
    auto inspected = inspectImage(std::move(bytes), "fuzz", kLimits);
    if (!inspected.ok()) return 0;
    const EncodedImage& image = inspected.value();
    FUZZ_REQUIRE(image.format == format && format != Format::Unknown);
    FUZZ_REQUIRE(image.storedWidth > 0 && image.storedHeight > 0);
    FUZZ_REQUIRE(static_cast<std::uint64_t>(image.storedWidth) *
                     static_cast<std::uint64_t>(image.storedHeight) <=
                 kLimits.maxPixels);
    FUZZ_REQUIRE(image.orientation >= 1 && image.orientation <= 8);
    FUZZ_REQUIRE(image.takenAt.empty() || image.takenAt.size() == 19);

    // Whole, at the size the detector asks for and at full size: never larger than stated.
    for (const int minLongSide : {64, 0}) {
        auto raster = decode(image, minLongSide);
        if (!raster.ok()) continue;
        const cv::Mat& bgr = raster.value().bgr;
        FUZZ_REQUIRE(!bgr.empty() && bgr.type() == CV_8UC3);
        FUZZ_REQUIRE(bgr.cols <= image.width() && bgr.rows <= image.height());
        if (minLongSide == 0) FUZZ_REQUIRE(bgr.cols == image.width() && bgr.rows == image.height());
    }
    // The middle of the photo, as a face crop asks for it.
    const cv::Rect middle(image.width() / 4, image.height() / 4, image.width() / 2 + 1,
                          image.height() / 2 + 1);
    auto region = decodeRegion(image, middle);
    if (region.ok()) {
        const cv::Rect inside = middle & cv::Rect(0, 0, image.width(), image.height());
        FUZZ_REQUIRE(region.value().cols == inside.width && region.value().rows == inside.height);
    }
    return 0;
}
