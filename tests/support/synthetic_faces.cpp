#include "synthetic_faces.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

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

std::vector<store::Id> addPhoto(store::Library& library, const std::vector<Embedding>& faces) {
    // Photos are numbered by how many the library holds, so paths stay unique and repeatable.
    const auto counts = library.counts();
    REQUIRE(counts.ok());
    const std::int64_t number = counts.value().photos + 1;
    const std::string path = "/synthetic/photo" + std::to_string(number) + ".jpg";
    store::Id photo = 0;
    const Status written = library.write([&](store::Library::Writer& w) {
        const store::Id folder = w.addFolder("/synthetic");
        photo = w.addPendingPhoto(path, folder, 1000, number);
        std::vector<store::Face> stored;
        for (std::size_t i = 0; i < faces.size(); ++i) {
            store::Face f;
            f.x = 100.f * static_cast<float>(i);
            f.width = f.height = 80;
            f.score = 0.9f;
            f.embedding = faces[i];
            stored.push_back(f);
        }
        const store::PhotoInfo info{
            "hash" + std::to_string(number), "JPEG", 800, 600, 1, "", "", ""};
        w.recordAnalysis(photo, 1000, number, info, stored, "synthetic");
    });
    REQUIRE(written.ok());
    const auto stored = library.facesOfPhoto(photo);
    REQUIRE(stored.ok());
    std::vector<store::Id> ids;
    for (const auto& f : stored.value())
        ids.push_back(f.id);
    return ids;
}

}  // namespace kith::test
