#include "exif.h"

#include <cctype>
#include <exiv2/exiv2.hpp>
#include <mutex>

namespace kith::image {

void initialiseExiv2Once() {
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::XmpParser::initialize();
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);  // problems are reported as values instead
    });
}

namespace {

std::string text(const Exiv2::ExifData& exif, const char* key) {
    const auto it = exif.findKey(Exiv2::ExifKey(key));
    if (it == exif.end()) return {};
    std::string value = it->toString();
    while (!value.empty() && (value.back() == ' ' || value.back() == '\0'))
        value.pop_back();
    return value;
}

// EXIF writes "YYYY:MM:DD HH:MM:SS"; anything else (blank, zeros, garbage) is unknown.
std::string isoDate(const std::string& exifDate) {
    if (exifDate.size() < 19 || exifDate.compare(0, 4, "0000") == 0) return {};
    std::string iso = exifDate.substr(0, 19);
    iso[4] = '-';
    iso[7] = '-';
    iso[10] = 'T';
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (iso[i] < '0' || iso[i] > '9') return {};
    return iso;
}

std::string firstWordLower(const std::string& s) {
    std::string word = s.substr(0, s.find(' '));
    for (char& c : word)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return word;
}

// "Canon" + "Canon EOS 5D" reads better as "Canon EOS 5D", and "NIKON CORPORATION" +
// "NIKON D750" as "NIKON D750".
std::string cameraName(const std::string& make, const std::string& model) {
    if (model.empty()) return make;
    if (make.empty() || firstWordLower(make) == firstWordLower(model)) return model;
    return make + " " + model;
}

}  // namespace

ExifReading readExif(std::span<const unsigned char> bytes) {
    initialiseExiv2Once();
    ExifReading reading;
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
        reading.takenAt = isoDate(text(exif, "Exif.Photo.DateTimeOriginal"));
        if (reading.takenAt.empty()) reading.takenAt = isoDate(text(exif, "Exif.Image.DateTime"));
        reading.camera = cameraName(text(exif, "Exif.Image.Make"), text(exif, "Exif.Image.Model"));
        reading.xmpPacket = image->xmpPacket();
    } catch (const std::exception& e) {
        reading.problem = std::string("the metadata is damaged (") + e.what() + ")";
    }
    return reading;
}

}  // namespace kith::image
