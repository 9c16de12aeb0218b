// The review queue: the questions worth a person's time, the most useful first.
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "face_index.h"
#include "kith/people.h"
#include "model.h"
#include "placement.h"

namespace kith::people {

/// Questions about the model's people: "same person?" for close persons the clustering kept
/// apart, "is this X?" for uncertain placements and near pooled faces, "who is this?" for
/// unnamed persons large enough to name. Ordered by expected gain (faces affected x
/// uncertainty); items in `skipped` go last. With a `limit`, at least the first `limit` items
/// are right (questions that could not be among them may be left out).
/// The nearest faces of unassigned faces, kept between reviews while the index is unchanged:
/// searched for all at once, they cost one pass over the index instead of one per face.
struct PooledNeighbours {
    std::uint64_t indexVersion = ~std::uint64_t{0};
    std::unordered_map<Id, std::vector<Neighbour>> byFace;
};

std::vector<ReviewItem> buildReview(const Model& model, const FaceIndex& index,
                                    const Settings& settings, const Spread& spread,
                                    const std::set<std::string>& skipped,
                                    PooledNeighbours& pooledNeighbours, std::size_t limit = 0);

}  // namespace kith::people
