// EXIF through exiv2: the one place in kith::image that calls it.
#pragma once

#include <span>
#include <string>

namespace kith::image {

struct OrientationReading {
    int orientation = 1;  // 1..8; 1 when absent or unreadable
    std::string problem;  // why the metadata could not be read; empty when fine
};

/// Reads Exif.Image.Orientation from a file in memory. Never throws: broken metadata gives
/// orientation 1 and a problem to report.
OrientationReading readOrientation(std::span<const unsigned char> bytes);

}  // namespace kith::image
