// EXIF through exiv2: the one place in kith::image that calls it.
#pragma once

#include <span>
#include <string>

namespace kith::image {

struct ExifReading {
    int orientation = 1;    // 1..8; 1 when absent or unreadable
    std::string takenAt;    // "YYYY-MM-DDTHH:MM:SS"; empty when absent
    std::string camera;     // "Make Model"; empty when absent
    std::string xmpPacket;  // the XMP embedded in the file, as it is; empty when none
    std::string problem;    // why the metadata could not be read; empty when fine
};

/// Reads orientation, date taken, camera and the XMP packet from a file in memory. Never throws:
/// broken metadata gives what could be read and a problem to report.
ExifReading readExif(std::span<const unsigned char> bytes);

}  // namespace kith::image
