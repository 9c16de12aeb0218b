#include "synthetic_library.h"

#include <algorithm>
#include <random>

namespace kith::bench {

SyntheticLibrary SyntheticLibrary::make(test::SyntheticFaces& faces, std::size_t faceCount) {
    SyntheticLibrary lib;
    const std::size_t identityCount = std::max<std::size_t>(2, faceCount / 25);
    for (std::size_t i = 0; i < identityCount; ++i)
        lib.identities.push_back(faces.libraryIdentity());
    // Zipf-like: identity r is seen about 1/(r+1) as often as the first.
    std::vector<double> weights(identityCount);
    for (std::size_t r = 0; r < identityCount; ++r)
        weights[r] = 1.0 / static_cast<double>(r + 1);
    std::discrete_distribution<int> who(weights.begin(), weights.end());
    std::uniform_int_distribution<int> facesInPhoto(1, 3);
    std::uniform_real_distribution<double> chance(0, 1);
    for (std::size_t made = 0; made < faceCount;) {
        std::vector<int> photo;
        const int n =
            std::min<int>(facesInPhoto(faces.random()), static_cast<int>(faceCount - made));
        while (static_cast<int>(photo.size()) < n) {
            const int identity = chance(faces.random()) < 0.1 ? -1 : who(faces.random());
            if (identity < 0 || std::find(photo.begin(), photo.end(), identity) == photo.end())
                photo.push_back(identity);
        }
        made += photo.size();
        lib.photos.push_back(std::move(photo));
    }
    return lib;
}

// Writes photos [first, last) of `lib` into the library in one transaction; returns the faces'
// identities (a stranger: a label of its own) by face id.
void writePhotos(store::Library& library, test::SyntheticFaces& faces, const SyntheticLibrary& lib,
                 std::size_t first, std::size_t last, std::map<store::Id, std::string>& truth) {
    std::vector<std::pair<store::Id, std::vector<std::string>>> written;
    const Status status = library.write([&](store::Library::Writer& w) {
        const store::Id folder = w.addFolder("/synthetic");
        for (std::size_t p = first; p < last; ++p) {
            const auto number = static_cast<std::int64_t>(p + 1);
            const store::Id photo = w.addPendingPhoto(
                "/synthetic/" + std::to_string(number) + ".jpg", folder, 1000, number);
            std::vector<store::Face> stored;
            std::vector<std::string> labels;
            for (int identity : lib.photos[p]) {
                store::Face f;
                f.x = 100.f * static_cast<float>(stored.size());
                f.width = f.height = 80;
                f.score = 0.9f;
                f.embedding =
                    faces.face(identity < 0 ? faces.libraryIdentity()
                                            : lib.identities[static_cast<std::size_t>(identity)]);
                stored.push_back(f);
                labels.push_back(identity < 0 ? "stranger" + std::to_string(p) + "-" +
                                                    std::to_string(labels.size())
                                              : "id" + std::to_string(identity));
            }
            const store::PhotoInfo info{
                "hash" + std::to_string(number), "JPEG", 800, 600, 1, "", "", ""};
            w.recordAnalysis(photo, 1000, number, info, stored, "synthetic");
            written.emplace_back(photo, std::move(labels));
        }
    });
    if (!status.ok()) {
        std::cerr << status.error().describe() << "\n";
        std::exit(2);
    }
    for (const auto& [photo, labels] : written) {
        const auto stored = library.facesOfPhoto(photo);
        for (std::size_t i = 0; i < labels.size(); ++i)
            truth[stored.value()[i].id] = labels[i];
    }
}

// One person per identity, strangers in the unassigned pool.
void writePeople(store::Library& library, const std::map<store::Id, std::string>& truth) {
    orExit(library.write([&](store::Library::Writer& w) {
        std::map<std::string, store::Id> personOf;
        for (const auto& [face, label] : truth) {
            if (label.rfind("stranger", 0) == 0) {
                w.unassign(face, true);
                continue;
            }
            auto [it, fresh] = personOf.try_emplace(label, 0);
            if (fresh) it->second = w.addPerson({});
            w.assign({face, it->second, 0.99f, false});
        }
    }));
}

}  // namespace kith::bench
