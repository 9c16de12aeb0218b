#include "synthetic_faces.h"

#include <cmath>

namespace kith::test {
namespace {

Embedding normalised(const Embedding& v) {
    return unitLength(v);
}

// A common direction all identities lean towards, as real face embeddings share a cone.
Embedding commonDirection() {
    Embedding v{};
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = std::cos(static_cast<float>(i));
    return normalised(v);
}

// The directions along which library-like identities differ most: fixed, orthonormal.
std::array<Embedding, 4> lookDirections() {
    std::mt19937 random(20261202);
    std::normal_distribution<float> gauss(0.f, 1.f);
    std::array<Embedding, 4> directions{};
    for (std::size_t d = 0; d < directions.size(); ++d) {
        Embedding v{};
        for (float& x : v)
            x = gauss(random);
        for (std::size_t e = 0; e < d; ++e) {  // Gram-Schmidt
            float along = 0;
            for (std::size_t i = 0; i < v.size(); ++i)
                along += v[i] * directions[e][i];
            for (std::size_t i = 0; i < v.size(); ++i)
                v[i] -= along * directions[e][i];
        }
        directions[d] = normalised(v);
    }
    return directions;
}

}  // namespace

SyntheticIdentity SyntheticFaces::libraryIdentity() {
    // Fitted to faces-lfw (people_scale distances): how far an identity lies from the cone's
    // axis at random, how far along the look directions, and the faces' spread.
    constexpr float kAnywhere = 0.22f, kAlongLooks = 0.16f, kSpread = 0.22f, kSpreadVaries = 0.2f;
    static const Embedding common = commonDirection();
    static const std::array<Embedding, 4> looks = lookDirections();
    std::normal_distribution<float> gauss(0.f, 1.f);
    // Bounded along the looks (uniform, unit variance): people differ by sex or age only so far.
    std::uniform_real_distribution<float> along(-std::sqrt(3.f), std::sqrt(3.f));
    Embedding r{};
    for (float& x : r)
        x = gauss(random_);
    r = normalised(r);
    Embedding c = common;
    for (const Embedding& look : looks) {
        const float z = kAlongLooks * along(random_);
        for (std::size_t i = 0; i < c.size(); ++i)
            c[i] += z * look[i];
    }
    for (std::size_t i = 0; i < c.size(); ++i)
        c[i] += kAnywhere * r[i];
    return {normalised(c), kSpread * std::exp(kSpreadVaries * gauss(random_))};
}

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
    return distanceL2(a, b);
}

}  // namespace kith::test
