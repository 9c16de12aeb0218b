// Placing one new face among the people already formed: the incremental step, by the face's
// nearest faces (a person is matched by its nearest members, not by one mean face, so a person
// whose look changes stays one person).
#pragma once

#include <functional>

#include "changes.h"
#include "face_index.h"
#include "kith/people.h"
#include "model.h"

namespace kith::people {

/// How far a face lies from its person's centre, as a mean squared distance ("spread"). It is
/// a property of the embedder (and of how varied a library's photos are), measured without any
/// label on the library's own groups: see measureSpread.
struct Spread {
    float variance = 0.031f;  // fallback: measured once on faces-dev's first-pass groups, no labels
    bool measured = false;
};

/// The spread of faces around their group's mean: the median, over groups of at least two faces,
/// of each group's unbiased variance (sum of squared distances to the mean / (n - 1)). With fewer
/// than three such groups, the fallback.
Spread measureSpread(const std::vector<std::vector<const FaceNode*>>& groups);

/// The same-person distance for the means of two groups of n1 and n2 faces (a face: n = 1).
/// Between two faces it is T. A mean of n faces carries only 1/n of a face's spread, so
/// between means the threshold shrinks towards the distance T allows between the persons'
/// centres, sqrt(T^2 - 2 spread): d^2 = centre distance^2 + spread (1/n1 + 1/n2).
float sameThreshold(const Settings& settings, const Spread& spread, std::size_t n1, std::size_t n2);

/// How sure a match at this distance is, 0..1, against a threshold: a logistic centred on it
/// with a width of T/20 (0.5 at the threshold, 0.88 at 0.9 T below it with T = 0.40).
float sameProbability(float distance, float threshold, const Settings& settings);
/// The same against T itself (two faces).
float sameProbability(float distance, const Settings& settings);

/// A face's distance from the mean of its person's other faces, and the probability it belongs.
float membership(const FaceNode& face, const std::vector<const FaceNode*>& person,
                 const Settings& settings, const Spread& spread);
/// The same, given the sum of the embeddings of the person's `size` faces (the face among them).
float membership(const FaceNode& face, const std::array<float, store::kEmbeddingSize>& personSum,
                 std::size_t size, const Settings& settings, const Spread& spread);

enum class Case { Confident, Ambiguous, Outlier };

struct Placement {
    Case kind = Case::Outlier;
    Id person = 0;       // 0: the unassigned pool
    Id joinsPooled = 0;  // Outlier: a pooled face it forms a new person with, if any
    float confidence = 0;
    float distance = 0;  // to the nearest face of the person
};

/// Where `face` goes, looking at its nearest faces in `index` (faces already placed). Persons in
/// `excluded` are not considered (the one it was just rejected from).
Placement place(const Model& model, const FaceIndex& index, const FaceNode& face,
                const Settings& settings, Id excluded = 0);
/// The same, given the face's nearest placed faces (settings.placementNeighbours of them,
/// nearest first), found beforehand.
Placement place(const Model& model, const std::vector<Neighbour>& neighbours, const FaceNode& face,
                const Settings& settings, Id excluded = 0);

/// Places a batch of new faces in order, each seeing the ones placed before it, as if each were
/// searched for in `index` right before its placement, but searched for all at once (one pass
/// over the index for the whole batch, not one per face). `placed(face, placement)` applies each
/// placement to the model before the next face is placed; the faces are added to `index`.
void placeBatch(const Model& model, FaceIndex& index, const std::vector<const FaceNode*>& faces,
                const Settings& settings,
                const std::function<void(const FaceNode&, const Placement&)>& placed);

/// Unit-length mean of some embeddings (the sum is not normalised when it is zero).
std::array<float, store::kEmbeddingSize> unitMean(const std::vector<const FaceNode*>& faces,
                                                  const FaceNode* without = nullptr);
float embeddingDistance(const std::array<float, store::kEmbeddingSize>& a,
                        const std::array<float, store::kEmbeddingSize>& b);

}  // namespace kith::people
