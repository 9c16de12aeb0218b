#include "exif.h"

#include <exiv2/exiv2.hpp>
#include <mutex>

namespace kith::image {
namespace {

// exiv2 0.27's XMP toolkit must be initialised once before threads use it.
void initialiseExiv2Once() {
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::XmpParser::initialize();
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);  // problems are reported as values instead
    });
}

}  // namespace

OrientationReading readOrientation(std::span<const unsigned char> bytes) {
    initialiseExiv2Once();
    OrientationReading reading;
    try {
        auto image = Exiv2::ImageFactory::open(bytes.data(), static_cast<long>(bytes.size()));
        if (!image.get()) return reading;
        image->readMetadata();
        const Exiv2::ExifData& exif = image->exifData();
        const auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
        if (it != exif.end() && it->count() > 0) {
            const long value = it->toLong();
            if (value >= 1 && value <= 8)
                reading.orientation = static_cast<int>(value);
            else
                reading.problem = "EXIF orientation " + std::to_string(value) + " is not valid";
        }
    } catch (const std::exception& e) {
        reading.problem = std::string("the metadata is damaged (") + e.what() + ")";
    }
    return reading;
}

}  // namespace kith::image
