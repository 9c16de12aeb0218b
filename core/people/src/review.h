// The review queue: the questions worth a person's time, the most useful first.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "face_index.h"
#include "kith/people.h"
#include "model.h"
#include "placement.h"

namespace kith::people {

/// Questions about the model's people: "same person?" for close persons the clustering kept
/// apart, "is this X?" for uncertain placements and near pooled faces, "who is this?" for
/// unnamed persons large enough to name. Ordered by expected gain (faces affected x
/// uncertainty); items in `skipped` go last.
std::vector<ReviewItem> buildReview(const Model& model, const FaceIndex& index,
                                    const Settings& settings, const Spread& spread,
                                    const std::set<std::string>& skipped);

}  // namespace kith::people
