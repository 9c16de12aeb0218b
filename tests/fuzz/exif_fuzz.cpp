// Fuzz target: EXIF and embedded XMP read from a photo's bytes through exiv2 (date taken,
// orientation, camera, the XMP packet), as inspectImage reads them once the format is known.
// For any input: no crash, no undefined behaviour, no exception out, values in their ranges.
// Run by scripts/fuzz.sh.
#include <cstdint>
#include <span>

#include "exif.h"
#include "fuzz_require.h"
#include "kith/image.h"

namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kith::image;
    const std::span<const unsigned char> bytes(data, size);
    // Kith hands exiv2 only files whose content is a format it reads.
    if (sniffFormat(bytes) == Format::Unknown) return 0;
    const ExifReading exif = readExif(bytes);
    FUZZ_REQUIRE(exif.orientation >= 1 && exif.orientation <= 8);
    if (!exif.takenAt.empty()) {
        const std::string& t = exif.takenAt;
        FUZZ_REQUIRE(t.size() == 19 && t[4] == '-' && t[7] == '-' && t[10] == 'T');
        for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
            FUZZ_REQUIRE(digit(t[i]));
    }
    return 0;
}
