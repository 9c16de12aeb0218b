// Placing one new face among the people already formed: the incremental step, by the face's
// nearest faces. A person is matched by several of its faces among the nearest, not by one mean
// face (a person whose look changes stays one person: their latest faces are the new face's
// nearest) and not by one member that happens to be near (that is single linkage, one face at a
// time: it chains strangers together).
#pragma once

#include <functional>

#include "changes.h"
#include "face_index.h"
#include "kith/people.h"
#include "linkage.h"
#include "model.h"

namespace kith::people {

/// How sure a match at this distance is, 0..1, against a threshold: a logistic centred on it
/// with a width of T/20 (0.5 at the threshold, 0.88 at 0.9 T below it with T = 0.40).
float sameProbability(float distance, float threshold, const Settings& settings);
/// The same against T itself (two faces).
float sameProbability(float distance, const Settings& settings);

/// How well a face sits in its person, 0..1: its RMS distance to the person's other faces against
/// the distance at which the grouping would join it to them (JoinRule, the face as a group of
/// one). `person` holds the face. 1 for a face alone in its person.
float membership(const FaceNode& face, const GroupSums& person, const Settings& settings,
                 const Spread& spread);

enum class Case { Confident, Ambiguous, Outlier };

struct Placement {
    Case kind = Case::Outlier;
    Id person = 0;       // 0: the unassigned pool
    Id joinsPooled = 0;  // Outlier: a pooled face it forms a new person with, if any
    float confidence = 0;
    float distance = 0;       // RMS distance to the person's faces among the nearest
    std::size_t support = 0;  // the person's faces among the nearest, within T
};

/// Where `face` goes, looking at its nearest faces in `index` (faces already placed):
/// - confident (case A): at least placementSupport of them (or every face the person has) are
///   one person's, within T, no other person's face is within T, and their RMS distance to the
///   face is within the strict link;
/// - ambiguous (B): that support, but a rival person within T too, or the faces further than the
///   strict link: assigned, and asked about;
/// - else the unassigned pool (C), even with one face of a person near: the review asks "is this
///   X?" about it. A pooled face within the strict link makes a new person with it.
/// Weak faces (FaceNode::weak) count for nothing among the nearest, and a weak face is placed
/// only when confident; else it waits in the pool, alone.
/// Persons in `excluded` are not considered (the one it was just rejected from).
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

}  // namespace kith::people
