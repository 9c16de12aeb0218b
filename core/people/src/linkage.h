// When two groups of faces are one person: average linkage on squared distances, computed from
// each group's sum of embeddings, and a join rule relative to the groups' own spread.
//
// The mean squared distance between the faces of two groups, over all |A| x |B| pairs, follows
// from the groups' sums alone (for unit embeddings: 2 - 2 <sumA, sumB> / (|A| |B|)), and so does
// the mean squared distance within a group. Every face of both sides counts: one close pair
// cannot pull two groups together, which is what makes the grouping chain-free (single linkage
// joins along one close pair, and on a library of 1,500 people it joins strangers by the
// thousand). docs/people.md has the figures.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <unordered_map>
#include <vector>

#include "kith/people.h"
#include "model.h"

namespace kith::people {

/// The sums a group's linkage needs: its size, the sum of its embeddings, and the sum of their
/// squared lengths (1 each when unit length, kept for exactness).
struct GroupSums {
    std::size_t size = 0;
    std::array<double, store::kEmbeddingSize> sum{};
    double squares = 0;

    void add(const std::array<float, store::kEmbeddingSize>& embedding);
    void add(const GroupSums& other);
    void remove(const std::array<float, store::kEmbeddingSize>& embedding);

    /// The sum of squared distances over the group's pairs: size x squares - |sum|^2.
    double pairSquares() const;
    double pairs() const { return 0.5 * static_cast<double>(size) * (size > 0 ? size - 1.0 : 0.0); }
};

/// How far apart a group's faces lie: the sum of squared distances over some of its pairs, and
/// how many pairs. Kept apart from the sums so that a grouping can judge a group by the spread of
/// the parts it was made of (joining two people must not make the next join easier).
struct PairSpread {
    double squares = 0;
    double pairs = 0;
    static PairSpread of(const GroupSums& g) { return {g.pairSquares(), g.pairs()}; }
    PairSpread& operator+=(const PairSpread& o) {
        squares += o.squares, pairs += o.pairs;
        return *this;
    }
};

GroupSums sumsOf(const std::vector<const FaceNode*>& faces);
/// Every person's sums, in one pass over the faces.
std::unordered_map<Id, GroupSums> sumsByPerson(const Model& model);

/// Mean squared distance between the faces of `a` and those of `b` (all pairs).
double meanSquareBetween(const GroupSums& a, const GroupSums& b);
/// The same between one face and a group.
double meanSquareBetween(const std::array<float, store::kEmbeddingSize>& face, const GroupSums& b);

/// The groups nearest a face by average linkage. For a unit face x and a group of mean m (not
/// normalised), the mean squared distance over the group's faces is 2 - 2 <x, m>: the nearest
/// groups are those of largest inner product with their means, which FAISS finds for many faces
/// at once as one matrix product. Thread-safety: one owner.
class NearestGroups {
  public:
    /// `groups` (each of one face or more) are found by their index in it.
    explicit NearestGroups(const std::vector<GroupSums>& groups);
    ~NearestGroups();
    NearestGroups(const NearestGroups&) = delete;
    NearestGroups& operator=(const NearestGroups&) = delete;

    struct Found {
        std::size_t group;
        double meanSquare;  // to the group's faces
    };
    /// For each face (rows of store::kEmbeddingSize floats), its `k` nearest groups, nearest first.
    std::vector<std::vector<Found>> search(const std::vector<float>& faces, int k) const;

  private:
    struct Index;
    std::unique_ptr<Index> index_;
};

/// How far apart two faces of one person lie in this library: the mean squared distance between
/// two faces of one group, the median over the strict groups of at least three faces. Measured
/// on the library itself, without any label.
struct Spread {
    double pairSquare = 0.09;  // fallback: (0.75 T)^2 with T = 0.40, used below three groups
    bool measured = false;
};
Spread measureSpread(const std::vector<GroupSums>& groups);

/// The join rule of the relaxed pass: two groups are one person when the mean squared distance
/// between their faces is no more than kappa^2 times the spread they would have as one (their
/// pairs' mean squared distance, pooled, shrunk towards the library's by three pairs' worth),
/// and never beyond the ceiling. Two faces of one person are as far apart, on average, as two
/// faces within either of its groups: a larger distance means two people, or one looking very
/// different, which is for the review to ask. A face alone brings no pairs: it is judged by the
/// spread of the group it would join, so a tight person takes in only faces that close. See
/// Settings for the numbers and docs/people.md for why.
class JoinRule {
  public:
    JoinRule(const Settings& settings, const Spread& spread);
    /// A fixed rule: a mean squared distance up to `limit^2`, whatever the groups' spread.
    static JoinRule fixed(float limit);

    /// The largest mean squared distance at which two groups of these spreads are joined.
    double limit(const PairSpread& a, const PairSpread& b) const;
    /// The same for two whole groups, each judged by all its pairs.
    double limit(const GroupSums& a, const GroupSums& b) const {
        return limit(PairSpread::of(a), PairSpread::of(b));
    }
    /// How much closer than its limit a pair of groups is (positive: join), in squared distance.
    double margin(const GroupSums& a, const PairSpread& spreadA, const GroupSums& b,
                  const PairSpread& spreadB) const {
        return limit(spreadA, spreadB) - meanSquareBetween(a, b);
    }

  private:
    JoinRule() = default;
    double ceiling_ = 0;  // squared
    double kappaSquared_ = 0;
    double prior_ = 0;  // the library's mean squared pair distance
    bool relative_ = false;
};

}  // namespace kith::people
