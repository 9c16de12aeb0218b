#include "linkage.h"

#include <faiss/IndexFlat.h>

#include <algorithm>

namespace kith::people {
namespace {

// Shrinking a spread measured on a few pairs towards the library's: as if it had this many more
// pairs at the library's spread. Two faces (one pair) are judged mostly by the library's spread,
// ten (45 pairs) by their own.
constexpr double kPriorPairs = 3;

double dot(const std::array<double, store::kEmbeddingSize>& a,
           const std::array<double, store::kEmbeddingSize>& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        sum += a[i] * b[i];
    return sum;
}

}  // namespace

void GroupSums::add(const std::array<float, store::kEmbeddingSize>& embedding) {
    ++size;
    for (std::size_t i = 0; i < sum.size(); ++i) {
        sum[i] += embedding[i];
        squares += static_cast<double>(embedding[i]) * embedding[i];
    }
}

void GroupSums::add(const GroupSums& other) {
    size += other.size;
    for (std::size_t i = 0; i < sum.size(); ++i)
        sum[i] += other.sum[i];
    squares += other.squares;
}

void GroupSums::remove(const std::array<float, store::kEmbeddingSize>& embedding) {
    --size;
    for (std::size_t i = 0; i < sum.size(); ++i) {
        sum[i] -= embedding[i];
        squares -= static_cast<double>(embedding[i]) * embedding[i];
    }
}

double GroupSums::pairSquares() const {
    return std::max(0.0, static_cast<double>(size) * squares - dot(sum, sum));
}

GroupSums sumsOf(const std::vector<const FaceNode*>& faces) {
    GroupSums sums;
    for (const FaceNode* f : faces)
        sums.add(f->embedding);
    return sums;
}

std::unordered_map<Id, GroupSums> sumsByPerson(const Model& model) {
    std::unordered_map<Id, GroupSums> sums;
    for (const FaceNode& f : model.faces())
        if (f.person && !f.dismissed) sums[f.person].add(f.embedding);
    return sums;
}

double meanSquareBetween(const GroupSums& a, const GroupSums& b) {
    if (a.size == 0 || b.size == 0) return 0;
    const auto na = static_cast<double>(a.size), nb = static_cast<double>(b.size);
    // sum over pairs of |x|^2 + |y|^2 - 2 <x, y>
    return std::max(0.0, (nb * a.squares + na * b.squares - 2 * dot(a.sum, b.sum)) / (na * nb));
}

double meanSquareBetween(const std::array<float, store::kEmbeddingSize>& face, const GroupSums& b) {
    GroupSums one;
    one.add(face);
    return meanSquareBetween(one, b);
}

struct NearestGroups::Index {
    faiss::IndexFlatIP means{store::kEmbeddingSize};  // row g: the mean of group g
};

NearestGroups::NearestGroups(const std::vector<GroupSums>& groups)
    : index_(std::make_unique<Index>()) {
    std::vector<float> means;
    for (const GroupSums& g : groups)
        for (double v : g.sum)
            means.push_back(static_cast<float>(v / static_cast<double>(g.size)));
    index_->means.add(static_cast<faiss::Index::idx_t>(groups.size()), means.data());
}

NearestGroups::~NearestGroups() = default;

std::vector<std::vector<NearestGroups::Found>> NearestGroups::search(
    const std::vector<float>& faces, int k) const {
    const auto n = static_cast<faiss::Index::idx_t>(faces.size() / store::kEmbeddingSize);
    std::vector<std::vector<Found>> found(static_cast<std::size_t>(n));
    if (n == 0 || index_->means.ntotal == 0) return found;
    k = std::min<int>(k, static_cast<int>(index_->means.ntotal));
    std::vector<float> products(static_cast<std::size_t>(n * k));
    std::vector<faiss::Index::idx_t> rows(static_cast<std::size_t>(n * k));
    index_->means.search(n, faces.data(), k, products.data(), rows.data());
    for (std::size_t i = 0; i < found.size(); ++i)
        for (std::size_t j = 0; j < static_cast<std::size_t>(k); ++j) {
            const auto row = rows[i * static_cast<std::size_t>(k) + j];
            if (row < 0) continue;
            const double product = products[i * static_cast<std::size_t>(k) + j];
            found[i].push_back({static_cast<std::size_t>(row), std::max(0.0, 2.0 - 2.0 * product)});
        }
    return found;
}

Spread measureSpread(const std::vector<GroupSums>& groups) {
    std::vector<double> spreads;
    for (const GroupSums& g : groups)
        if (g.size >= 3) spreads.push_back(g.pairSquares() / g.pairs());
    Spread spread;
    if (spreads.size() < 3) return spread;
    std::nth_element(spreads.begin(), spreads.begin() + spreads.size() / 2, spreads.end());
    spread.pairSquare = spreads[spreads.size() / 2];
    spread.measured = true;
    return spread;
}

JoinRule::JoinRule(const Settings& s, const Spread& spread)
    : ceiling_(static_cast<double>(s.groupCeiling) * s.groupCeiling),
      kappaSquared_(static_cast<double>(s.relativeSpread) * s.relativeSpread),
      prior_(spread.pairSquare),
      relative_(true) {}

JoinRule JoinRule::fixed(float limit) {
    JoinRule rule;
    rule.ceiling_ = static_cast<double>(limit) * limit;
    return rule;
}

double JoinRule::limit(const PairSpread& a, const PairSpread& b) const {
    if (!relative_) return ceiling_;
    // The spread the two would have as one person, estimated from their own pairs (a face alone
    // has none: it is judged by the group it would join) and the library's.
    const double pooled =
        (a.squares + b.squares + kPriorPairs * prior_) / (a.pairs + b.pairs + kPriorPairs);
    return std::min(ceiling_, kappaSquared_ * pooled);
}

}  // namespace kith::people
