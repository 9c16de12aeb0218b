// The review queue: the questions worth a person's time, the most useful first.
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "face_index.h"
#include "kith/people.h"
#include "linkage.h"
#include "model.h"

namespace kith::people {

/// What a review keeps for the next one while it still holds.
struct ReviewCache {
    /// Each person's parts (partsOf), while the person holds the same faces.
    struct Parts {
        std::uint64_t signature = 0;
        std::vector<std::vector<Id>> parts;
    };
    std::unordered_map<Id, Parts> parts;
};

/// The parts of a person (partsOf), from the cache while its faces are the same.
const std::vector<std::vector<Id>>& cachedPartsOf(const Model& model, Id person,
                                                  const Settings& settings, const Spread& spread,
                                                  ReviewCache& cache);

/// Whether `a` comes before `b` as text ("merge:12:34" before "name:2"): the order of questions
/// of equal gain.
bool writtenBefore(const ReviewId& a, const ReviewId& b);

/// Questions about the model's people: "same person?" for close persons the grouping kept
/// apart, "two people?" for a person made of parts the grouping would not join, "is this X?"
/// for faces that sit badly in their person and for unassigned faces near one, "who is this?"
/// for unnamed persons large enough to name. Ordered by expected gain (faces affected x
/// uncertainty); items in `skipped` go last. With a `limit`, at least the first `limit` items are
/// right (questions that could not be among them may be left out), and only they are whole:
/// later "is this X?" items lack their evidence and X's faces.
std::vector<ReviewItem> buildReview(const Model& model, const Settings& settings,
                                    const Spread& spread, const std::set<ReviewId>& skipped,
                                    ReviewCache& cache, std::size_t limit = 0);
/// The "is this X?" questions buildReview() asks about one person, whole, in its order, without
/// working out the other kinds.
std::vector<ReviewItem> isThisQuestionsAbout(Id person, const Model& model,
                                             const Settings& settings, const Spread& spread,
                                             const std::set<ReviewId>& skipped);

}  // namespace kith::people
