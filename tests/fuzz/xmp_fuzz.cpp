// Fuzz target: face regions read from an XMP packet (a sidecar, or the XMP inside a photo), in
// the MWG and Microsoft forms, and the same packet rewritten with Kith's regions, as
// writeSidecar does with another app's sidecar. For any input: no crash, no undefined
// behaviour, no exception out; regions within the photo; a rewrite that reads back.
// Run by scripts/fuzz.sh.
#include <cmath>
#include <cstdint>
#include <string>

#include "fuzz_require.h"
#include "kith/image.h"
#include "kith/metadata.h"
#include "xmp_regions.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kith::metadata;
    const std::string packet(reinterpret_cast<const char*>(data), size);
    // A landscape photo as stored, and a portrait one turned by its EXIF orientation.
    for (const Frame& frame : {Frame{4000, 3000, 1}, Frame{3000, 4000, 6}}) {
        auto regions = decodeRegions(packet, frame);
        if (!regions.ok()) continue;
        FUZZ_REQUIRE(regions.value().size() <= kMaxRegions);
        for (const Region& r : regions.value()) {
            FUZZ_REQUIRE(std::isfinite(r.x) && std::isfinite(r.y) && r.width > 0 && r.height > 0);
            FUZZ_REQUIRE(r.width <= frame.width * 1.001f && r.height <= frame.height * 1.001f);
            FUZZ_REQUIRE(!r.name.empty());
        }
    }
    // The packet as a sidecar Kith adds its regions to: what it writes must read back.
    kith::image::initialiseExiv2Once();
    Exiv2::XmpData xmp;
    try {
        if (size > kMaxPacketBytes || Exiv2::XmpParser::decode(xmp, packet) != 0) return 0;
    } catch (const Exiv2::AnyError&) {
        return 0;
    }
    const Frame frame{4000, 3000, 1};
    auto written = encodeInto(xmp, {{1000, 500, 400, 600, "Ada"}}, frame);
    if (!written.ok()) return 0;
    auto back = decodeRegions(written.value(), frame);
    FUZZ_REQUIRE(back.ok());
    bool found = false;
    for (const Region& r : back.value())
        found =
            found || (r.name == "Ada" && std::abs(r.x - 1000) < 1 && std::abs(r.width - 400) < 1);
    FUZZ_REQUIRE(found);
    return 0;
}
