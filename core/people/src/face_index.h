// The FAISS index of face embeddings, by face id: exact search while small, an inverted-file
// index (IVF) past a size measured in bench/people_scale (docs/people.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "kith/common/embedding.h"

namespace faiss {
struct Index;
}

namespace kith::people {

inline constexpr int kDimensions = kEmbeddingSize;

struct Neighbour {
    std::int64_t face;
    float distance;  // Euclidean (not squared)
};

/// Thread-safety: not thread-safe (one owner: the people engine).
class FaceIndex {
  public:
    /// Faces up to this many are searched exactly; beyond, the index is an IVF. Exact search
    /// of many faces at once runs as matrix products, several times faster than IVF here; one
    /// exact query costs about 9 ms per 100 000 faces (bench/people_scale).
    static constexpr std::size_t kExactUpTo = 200'000;
    /// From this many faces an exact index has an IVF beside it for lone queries.
    static constexpr std::size_t kQuickFrom = 50'000;

    FaceIndex();
    ~FaceIndex();
    FaceIndex(const FaceIndex&) = delete;
    FaceIndex& operator=(const FaceIndex&) = delete;

    enum class Kind {
        BySize,  // exact up to kExactUpTo faces, else IVF
        Exact,
        Inverted,
    };

    /// Replaces the whole index: `embeddings` holds ids.size() rows of kDimensions floats. Picks
    /// the index type for the size (unless told); an IVF is trained on a deterministic sample.
    void rebuild(std::span<const std::int64_t> ids, std::span<const float> embeddings,
                 Kind kind = Kind::BySize);
    /// The same, reading row i through `rowOf(i)` (kDimensions floats), so that a million
    /// embeddings are not copied into one buffer first.
    void rebuild(std::span<const std::int64_t> ids,
                 const std::function<const float*(std::size_t)>& rowOf, Kind kind = Kind::BySize);
    void add(std::int64_t id, std::span<const float, kDimensions> embedding);
    /// Several at once: `embeddings` holds ids.size() rows of kDimensions floats.
    void addMany(std::span<const std::int64_t> ids, std::span<const float> embeddings);
    void remove(std::span<const std::int64_t> ids);

    /// The k nearest faces to `query`, nearest first, without `exclude`.
    std::vector<Neighbour> search(std::span<const float, kDimensions> query, int k,
                                  std::int64_t exclude = -1) const;
    /// The same for many queries at once (rows of kDimensions floats), faster in bulk.
    std::vector<std::vector<Neighbour>> searchMany(std::span<const float> queries, int k) const;

    std::size_t size() const;
    bool isExact() const;
    /// Changes whenever a face is added or removed: what was found before may be reused while
    /// it stays the same.
    std::uint64_t version() const { return version_; }

  private:
    std::unique_ptr<faiss::Index> index_;
    // Beside a large exact index, an inverted one for a few queries at a time: one exact query
    // reads every embedding (9 ms per 100 000 faces here), one IVF query a few thousand.
    std::unique_ptr<faiss::Index> quick_;
    bool exact_ = true;
    std::uint64_t version_ = 0;
};

}  // namespace kith::people
