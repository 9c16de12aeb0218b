#include "face_index.h"

#include <faiss/IndexFlat.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/impl/IDSelector.h>

#include <algorithm>
#include <cmath>

namespace kith::people {
namespace {

using Idx = faiss::Index::idx_t;

// IVF: sqrt(n) lists, 24 of them searched per query. In bench/people_scale at 1M faces: built
// in 8 s (4 sqrt(n) lists took 94 s to train), 5 ms a query, and the nearest face within T is of
// the same person as the exact search's in 500 of 500 queries (recall of the 5 nearest: 0.91).
constexpr int kProbes = 24;
// Queries searched together, on one core: enough for matrix products to pay off.
constexpr Idx kQueriesPerChunk = 512;
// Fewer queries than this do not pay for reading every embedding of an exact index.
constexpr Idx kFewQueries = 16;

// An IVF for n faces, trained on an evenly spaced sample of them (40 faces per list is plenty
// for k-means), deterministically. Empty: the faces are added by the caller.
std::unique_ptr<faiss::Index> invertedIndex(std::size_t n,
                                            const std::function<const float*(std::size_t)>& rowOf) {
    const auto lists = std::max<std::size_t>(1, static_cast<std::size_t>(std::sqrt(double(n))));
    auto ivf = std::make_unique<faiss::IndexIVFFlat>(new faiss::IndexFlatL2(kDimensions),
                                                     kDimensions, lists);
    ivf->own_fields = true;  // the coarse quantizer goes with it
    ivf->nprobe = kProbes;
    ivf->cp.seed = 1234;  // the same faces give the same index
    const std::size_t sampleSize = std::min(n, lists * 40);
    std::vector<float> sample(sampleSize * kDimensions);
    for (std::size_t i = 0; i < sampleSize; ++i)
        std::copy_n(rowOf(i * n / sampleSize), kDimensions, sample.data() + i * kDimensions);
    ivf->train(static_cast<Idx>(sampleSize), sample.data());
    ivf->set_direct_map_type(faiss::DirectMap::Hashtable);  // removal by id
    return ivf;
}

std::unique_ptr<faiss::Index> exactIndex() {
    auto index = std::make_unique<faiss::IndexIDMap2>(new faiss::IndexFlatL2(kDimensions));
    index->own_fields = true;
    return index;
}

}  // namespace

FaceIndex::FaceIndex() : index_(exactIndex()) {}

FaceIndex::~FaceIndex() = default;

void FaceIndex::rebuild(std::span<const std::int64_t> ids, std::span<const float> embeddings,
                        Kind kind) {
    rebuild(
        ids, [&](std::size_t i) { return embeddings.data() + i * kDimensions; }, kind);
}

void FaceIndex::rebuild(std::span<const std::int64_t> ids,
                        const std::function<const float*(std::size_t)>& rowOf, Kind kind) {
    ++version_;
    exact_ = kind == Kind::BySize ? ids.size() <= kExactUpTo : kind == Kind::Exact;
    index_ = exact_ ? exactIndex() : invertedIndex(ids.size(), rowOf);
    quick_ = exact_ && ids.size() >= kQuickFrom ? invertedIndex(ids.size(), rowOf) : nullptr;
    // Added in chunks: a small buffer, not a copy of everything.
    constexpr std::size_t kChunk = 4096;
    std::vector<float> chunk(kChunk * kDimensions);
    for (std::size_t first = 0; first < ids.size(); first += kChunk) {
        const std::size_t count = std::min(kChunk, ids.size() - first);
        for (std::size_t i = 0; i < count; ++i)
            std::copy_n(rowOf(first + i), kDimensions, chunk.data() + i * kDimensions);
        index_->add_with_ids(static_cast<Idx>(count), chunk.data(), ids.data() + first);
        if (quick_) quick_->add_with_ids(static_cast<Idx>(count), chunk.data(), ids.data() + first);
    }
}

void FaceIndex::add(std::int64_t id, std::span<const float, kDimensions> embedding) {
    addMany(std::span(&id, 1), embedding);
}

void FaceIndex::addMany(std::span<const std::int64_t> ids, std::span<const float> embeddings) {
    if (ids.empty()) return;
    ++version_;
    const auto n = static_cast<Idx>(ids.size());
    index_->add_with_ids(n, embeddings.data(), ids.data());
    if (quick_) quick_->add_with_ids(n, embeddings.data(), ids.data());
}

void FaceIndex::remove(std::span<const std::int64_t> ids) {
    if (ids.empty()) return;
    ++version_;
    // An array, not a batch: an IVF with a hashtable direct map removes only by array.
    faiss::IDSelectorArray selector(ids.size(), ids.data());
    index_->remove_ids(selector);
    if (quick_) quick_->remove_ids(selector);
}

std::vector<Neighbour> FaceIndex::search(std::span<const float, kDimensions> query, int k,
                                         std::int64_t exclude) const {
    auto found =
        searchMany(std::span<const float>(query.data(), kDimensions), k + (exclude >= 0 ? 1 : 0));
    std::vector<Neighbour>& result = found.front();
    std::erase_if(result, [&](const Neighbour& n) { return n.face == exclude; });
    if (static_cast<int>(result.size()) > k) result.resize(static_cast<std::size_t>(k));
    return result;
}

std::vector<std::vector<Neighbour>> FaceIndex::searchMany(std::span<const float> queries,
                                                          int k) const {
    const auto count = static_cast<Idx>(queries.size() / kDimensions);
    std::vector<std::vector<Neighbour>> result(static_cast<std::size_t>(count));
    if (count == 0 || index_->ntotal == 0 || k <= 0) return result;
    std::vector<float> distances(static_cast<std::size_t>(count * k));
    std::vector<Idx> labels(static_cast<std::size_t>(count * k));
    // Many queries are split over the cores: BLAS runs on one thread (useSingleThreadedBlas),
    // and FAISS's own threads share out only part of the work.
    // A few queries: the IVF beside a large exact index, when there is one.
    const faiss::Index& searched = quick_ && count < kFewQueries ? *quick_ : *index_;
    const Idx chunks = (count + kQueriesPerChunk - 1) / kQueriesPerChunk;
#pragma omp parallel for schedule(dynamic) if (chunks > 1)
    for (Idx chunk = 0; chunk < chunks; ++chunk) {
        const Idx first = chunk * kQueriesPerChunk;
        const Idx n = std::min(kQueriesPerChunk, count - first);
        searched.search(n, queries.data() + first * kDimensions, k, distances.data() + first * k,
                        labels.data() + first * k);
    }
    for (Idx q = 0; q < count; ++q)
        for (int j = 0; j < k; ++j) {
            const auto at = static_cast<std::size_t>(q * k + j);
            if (labels[at] < 0) break;  // fewer than k faces
            result[static_cast<std::size_t>(q)].push_back(
                {labels[at], std::sqrt(std::max(0.f, distances[at]))});
        }
    return result;
}

std::size_t FaceIndex::size() const {
    return static_cast<std::size_t>(index_->ntotal);
}
bool FaceIndex::isExact() const {
    return exact_;
}

}  // namespace kith::people
