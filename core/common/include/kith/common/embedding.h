// Face embeddings: their size, how far apart two are, unit length, and the distance below
// which two faces are one person. The one place for each; vision, store and people use these.
//
// Thread-safety: constants and pure functions.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>

namespace kith {

/// Values in a face embedding (the recognition network's descriptor).
inline constexpr int kEmbeddingSize = 128;

/// The same-person distance T: two unit-length embeddings at most this far apart (Euclidean)
/// are one person. The dlib model's 0.6 on its own scale is 0.6 / 1.5 = 0.40 on normalised
/// embeddings (docs/vision.md); the people engine derives its thresholds from it.
inline constexpr float kSamePersonDistance = 0.40f;

/// The Euclidean distance between two vectors, summed in float in index order.
template <std::size_t N>
float distanceL2(const std::array<float, N>& a, const std::array<float, N>& b) {
    float sum = 0;
    for (std::size_t i = 0; i < N; ++i)
        sum += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(sum);
}

/// `v` scaled to unit length: the sum of squares in double, then each value times the
/// inverse of the norm. A zero vector stays zero.
template <std::size_t N>
std::array<float, N> unitLength(const std::array<float, N>& v) {
    double sum = 0;
    for (float x : v)
        sum += static_cast<double>(x) * x;
    const float inverse = sum > 0 ? static_cast<float>(1.0 / std::sqrt(sum)) : 0.f;
    std::array<float, N> unit{};
    for (std::size_t i = 0; i < N; ++i)
        unit[i] = v[i] * inverse;
    return unit;
}

}  // namespace kith
