#include "synthetic_faces.h"

#include <cmath>

namespace kith::test {
namespace {

Embedding normalised(Embedding v) {
    float norm = 0;
    for (float x : v)
        norm += x * x;
    for (float& x : v)
        x /= std::sqrt(norm);
    return v;
}

// A common direction all identities lean towards, as real face embeddings share a cone.
Embedding commonDirection() {
    Embedding v{};
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = std::cos(static_cast<float>(i));
    return normalised(v);
}

}  // namespace

Embedding SyntheticFaces::identity() {
    static const Embedding common = commonDirection();
    std::normal_distribution<float> gauss(0.f, 1.f);
    Embedding r{};
    for (float& x : r)
        x = gauss(random_);
    r = normalised(r);
    Embedding c{};
    for (std::size_t i = 0; i < c.size(); ++i)
        c[i] = common[i] + 0.46f * r[i];  // ~0.6 apart
    return normalised(c);
}

Embedding SyntheticFaces::between(const Embedding& a, const Embedding& b, float fraction) {
    Embedding v{};
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = (1 - fraction) * a[i] + fraction * b[i];
    return normalised(v);
}

Embedding SyntheticFaces::face(const Embedding& centre, float spread) {
    std::normal_distribution<float> gauss(0.f,
                                          spread / std::sqrt(static_cast<float>(centre.size())));
    Embedding v = centre;
    for (float& x : v)
        x += gauss(random_);
    return normalised(v);
}

float distance(const Embedding& a, const Embedding& b) {
    float sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        sum += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(sum);
}

}  // namespace kith::test
