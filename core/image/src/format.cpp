#include "format.h"

#include <cstring>
#include <map>

namespace kith::image {
namespace {

bool startsWith(std::span<const unsigned char> bytes, std::initializer_list<int> magic,
                size_t offset = 0) {
    if (bytes.size() < offset + magic.size()) return false;
    size_t i = offset;
    for (int m : magic)
        if (bytes[i++] != m) return false;
    return true;
}

uint32_t readBigEndian(std::span<const unsigned char> b, size_t at, int n) {
    uint32_t v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | b[at + i];
    return v;
}

uint32_t readLittleEndian(std::span<const unsigned char> b, size_t at, int n) {
    uint32_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | b[at + i];
    return v;
}

std::optional<cv::Size> pngDimensions(std::span<const unsigned char> b) {
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
    if (b.size() < 24 || !startsWith(b, {'I', 'H', 'D', 'R'}, 12)) return std::nullopt;
    return cv::Size(static_cast<int>(std::min<uint32_t>(readBigEndian(b, 16, 4), INT32_MAX)),
                    static_cast<int>(std::min<uint32_t>(readBigEndian(b, 20, 4), INT32_MAX)));
}

std::optional<cv::Size> webpDimensions(std::span<const unsigned char> b) {
    if (b.size() < 30) return std::nullopt;
    if (startsWith(b, {'V', 'P', '8', ' '}, 12)) {
        // Lossy: a key frame starts with a 3-byte tag and the 9d 01 2a start code.
        if (!startsWith(b, {0x9d, 0x01, 0x2a}, 23)) return std::nullopt;
        return cv::Size(static_cast<int>(readLittleEndian(b, 26, 2) & 0x3fff),
                        static_cast<int>(readLittleEndian(b, 28, 2) & 0x3fff));
    }
    if (startsWith(b, {'V', 'P', '8', 'L'}, 12)) {
        if (b[20] != 0x2f) return std::nullopt;
        const uint32_t bits = readLittleEndian(b, 21, 4);
        return cv::Size(static_cast<int>((bits & 0x3fff) + 1),
                        static_cast<int>(((bits >> 14) & 0x3fff) + 1));
    }
    if (startsWith(b, {'V', 'P', '8', 'X'}, 12)) {
        return cv::Size(static_cast<int>(readLittleEndian(b, 24, 3) + 1),
                        static_cast<int>(readLittleEndian(b, 27, 3) + 1));
    }
    return std::nullopt;
}

std::optional<cv::Size> bmpDimensions(std::span<const unsigned char> b) {
    if (b.size() < 26) return std::nullopt;
    const uint32_t headerSize = readLittleEndian(b, 14, 4);
    if (headerSize == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit sizes
        return cv::Size(static_cast<int>(readLittleEndian(b, 18, 2)),
                        static_cast<int>(readLittleEndian(b, 20, 2)));
    }
    const auto width = static_cast<int32_t>(readLittleEndian(b, 18, 4));
    const auto height = static_cast<int32_t>(readLittleEndian(b, 22, 4));  // < 0: top-down
    if (width <= 0 || height == INT32_MIN) return std::nullopt;
    return cv::Size(width, height < 0 ? -height : height);
}

// Calls visit(tag, type, offset of the entry) for each entry of a TIFF file's first directory;
// false when the directory is damaged (it runs past the end of the file).
template <typename Visit>
bool forEachTiffEntry(std::span<const unsigned char> b, Visit visit) {
    if (b.size() < 8) return false;
    const bool little = b[0] == 'I';
    auto read = [&](size_t at, int n) {
        return little ? readLittleEndian(b, at, n) : readBigEndian(b, at, n);
    };
    const uint32_t ifd = read(4, 4);
    if (static_cast<size_t>(ifd) + 2 > b.size()) return false;
    const uint32_t entries = read(ifd, 2);
    for (uint32_t i = 0; i < entries; ++i) {
        const size_t entry = ifd + 2 + 12 * static_cast<size_t>(i);
        if (entry + 12 > b.size()) return false;
        visit(read(entry, 2), read(entry + 2, 2), entry);
    }
    return true;
}

// The SHORT and LONG values of a TIFF file's first directory, by tag; empty when damaged.
std::map<uint32_t, uint32_t> tiffFirstDirectory(std::span<const unsigned char> b) {
    std::map<uint32_t, uint32_t> tags;
    const bool little = b.size() >= 8 && b[0] == 'I';
    const bool whole = forEachTiffEntry(b, [&](uint32_t tag, uint32_t type, size_t entry) {
        const int n = type == 3 ? 2 : 4;  // SHORT or LONG
        tags[tag] = little ? readLittleEndian(b, entry + 8, n) : readBigEndian(b, entry + 8, n);
    });
    if (!whole) tags.clear();
    return tags;
}

std::optional<cv::Size> tiffDimensions(std::span<const unsigned char> b) {
    const auto tags = tiffFirstDirectory(b);
    const auto width = tags.find(256), height = tags.find(257);
    if (width == tags.end() || height == tags.end() || width->second == 0 || height->second == 0)
        return std::nullopt;
    return cv::Size(static_cast<int>(std::min<uint32_t>(width->second, INT32_MAX)),
                    static_cast<int>(std::min<uint32_t>(height->second, INT32_MAX)));
}

}  // namespace

const char* formatName(Format format) {
    switch (format) {
        case Format::Jpeg:
            return "JPEG";
        case Format::Png:
            return "PNG";
        case Format::WebP:
            return "WebP";
        case Format::Tiff:
            return "TIFF";
        case Format::Bmp:
            return "BMP";
        case Format::Unknown:
            break;
    }
    return "unknown";
}

Format sniffFormat(std::span<const unsigned char> b) {
    if (startsWith(b, {0xff, 0xd8, 0xff})) return Format::Jpeg;
    if (startsWith(b, {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a})) return Format::Png;
    if (startsWith(b, {'R', 'I', 'F', 'F'}) && startsWith(b, {'W', 'E', 'B', 'P'}, 8))
        return Format::WebP;
    const bool canonRaw = startsWith(b, {'C', 'R'}, 8);
    if ((startsWith(b, {'I', 'I', 42, 0}) && !canonRaw) || startsWith(b, {'M', 'M', 0, 42}))
        return Format::Tiff;
    if (startsWith(b, {'B', 'M'}) && b.size() >= 26) return Format::Bmp;
    return Format::Unknown;
}

std::string describeUnsupportedContent(std::span<const unsigned char> b) {
    if (startsWith(b, {'f', 't', 'y', 'p'}, 4)) {
        const std::string brand(b.begin() + 8, b.begin() + std::min<size_t>(b.size(), 12));
        if (brand == "avif" || brand == "avis") return "an AVIF image";
        if (brand.rfind("he", 0) == 0 || brand == "mif1" || brand == "msf1")
            return "a HEIC/HEIF photo";
        return "an ISO media file (video or HEIF)";
    }
    if (startsWith(b, {'G', 'I', 'F', '8'})) return "a GIF image";
    if (startsWith(b, {'I', 'I', 42, 0}) && startsWith(b, {'C', 'R'}, 8)) return "a Canon RAW file";
    if (startsWith(b, {'I', 'I', 'R', 'O'}) || startsWith(b, {'I', 'I', 'R', 'S'}) ||
        startsWith(b, {'I', 'I', 'U', 0}))
        return "a camera RAW file";
    if (startsWith(b, {'%', 'P', 'D', 'F'})) return "a PDF document";
    return {};
}

bool looksLikeCameraRaw(std::span<const unsigned char> bytes) {
    // Raw files built on TIFF (DNG, NEF, ARW, ...) say so in their first directory: a DNG
    // version, sensor (CFA) data, or a first image that is only a reduced preview.
    const auto tags = tiffFirstDirectory(bytes);
    const auto tag = [&](uint32_t t) { return tags.count(t) ? tags.at(t) : 0u; };
    return tags.count(50706) || tag(262) == 32803 || tag(254) == 1;
}

std::vector<unsigned char> tiffAsStored(std::span<const unsigned char> bytes) {
    std::vector<unsigned char> copy;
    const bool little = bytes.size() >= 8 && bytes[0] == 'I';
    forEachTiffEntry(bytes, [&](uint32_t tag, uint32_t type, size_t entry) {
        // libtiff takes the orientation in any integer type; 8-, 16- and 32-bit values sit in
        // the entry itself, at its offset 8.
        const int width = type == 1 || type == 6 ? 1 : type == 3 || type == 8 ? 2 : 4;
        if (tag != 274 ||
            (type != 1 && type != 3 && type != 4 && type != 6 && type != 8 && type != 9))
            return;
        const size_t at = entry + 8;
        const size_t one = little ? at : at + width - 1;  // where the low byte of 1 goes
        bool isOne = true;
        for (size_t i = at; i < at + width; ++i)
            isOne = isOne && bytes[i] == (i == one ? 1 : 0);
        if (isOne) return;
        if (copy.empty()) copy.assign(bytes.begin(), bytes.end());
        for (size_t i = at; i < at + width; ++i)
            copy[i] = i == one ? 1 : 0;
    });
    return copy;
}

std::optional<cv::Size> headerDimensions(std::span<const unsigned char> bytes, Format format) {
    switch (format) {
        case Format::Png:
            return pngDimensions(bytes);
        case Format::WebP:
            return webpDimensions(bytes);
        case Format::Tiff:
            return tiffDimensions(bytes);
        case Format::Bmp:
            return bmpDimensions(bytes);
        case Format::Jpeg:
        case Format::Unknown:
            break;
    }
    return std::nullopt;
}

}  // namespace kith::image
