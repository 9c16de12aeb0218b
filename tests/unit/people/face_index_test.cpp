// The face index past the size where lone queries go to an IVF beside the exact index.
#include "face_index.h"

#include <catch2/catch.hpp>

#include "synthetic_faces.h"

using namespace kith;

TEST_CASE("a large exact index answers lone queries from its IVF, with the same person nearest",
          "[people][index]") {
    test::SyntheticFaces faces(21);
    std::vector<test::Embedding> identities;
    for (int i = 0; i < 2000; ++i)
        identities.push_back(faces.identity());
    const std::size_t n = people::FaceIndex::kQuickFrom + 5000;
    std::vector<std::int64_t> ids(n);
    std::vector<float> rows;
    rows.reserve(n * people::kDimensions);
    for (std::size_t i = 0; i < n; ++i) {
        ids[i] = static_cast<std::int64_t>(i + 1);
        const auto e = faces.face(identities[i % identities.size()]);
        rows.insert(rows.end(), e.begin(), e.end());
    }
    people::FaceIndex index;
    index.rebuild(ids, rows);
    REQUIRE(index.isExact());
    REQUIRE(index.size() == n);

    std::vector<float> batch;  // enough queries to be searched exactly
    for (std::size_t q = 0; q < 64; ++q)
        batch.insert(
            batch.end(), rows.begin() + static_cast<std::ptrdiff_t>(q * 97 * people::kDimensions),
            rows.begin() + static_cast<std::ptrdiff_t>((q * 97 + 1) * people::kDimensions));
    const auto exact = index.searchMany(batch, 2);
    for (std::size_t q = 0; q < 64; ++q) {
        const std::size_t row = q * 97;
        const std::span<const float, people::kDimensions> query(
            rows.data() + row * people::kDimensions, people::kDimensions);
        const auto lone = index.search(query, 1, ids[row]);
        REQUIRE(lone.size() == 1);
        // Exactly: the face itself, then its nearest other face. The IVF: a face of the same
        // person.
        REQUIRE(exact[q].size() == 2);
        CHECK(exact[q][0].face == ids[row]);
        CHECK((lone[0].face - 1) % 2000 == (exact[q][1].face - 1) % 2000);
    }
    // Faces removed leave both.
    const std::int64_t gone = ids[97];
    index.remove(std::span(&gone, 1));
    const std::span<const float, people::kDimensions> again(rows.data() + 97 * people::kDimensions,
                                                            people::kDimensions);
    CHECK(index.search(again, 3).front().face != gone);
    CHECK(index.searchMany(batch, 1)[1].front().face != gone);
    CHECK(index.size() == n - 1);
}
