// Boxes on a photo, and how well two of them overlap: how a face found again is told from
// another (a region of another app's XMP, a face remembered from an earlier read of a photo).
#pragma once

#include <algorithm>

namespace kith {

struct Box {
    float x = 0, y = 0, width = 0, height = 0;
};

/// Intersection over union: 1 for the same box, 0 for boxes apart.
inline float overlap(const Box& a, const Box& b) {
    const float w = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
    const float h = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
    const float shared = w > 0 && h > 0 ? w * h : 0.f;
    const float all = a.width * a.height + b.width * b.height - shared;
    return all > 0 ? shared / all : 0.f;
}

}  // namespace kith
