// Groups of faces being formed by a clustering method: a union-find over the faces in which each
// group knows what a human decided about it, so that no method ever joins what may not be one
// person.
#pragma once

#include <unordered_map>
#include <vector>

#include "linkage.h"
#include "model.h"

namespace kith::people {

/// Thread-safety: one owner.
class GroupSet {
  public:
    /// Every face its own group, except must-linked faces (a human joined them). Faces pinned to a
    /// person (confirmed, or in a locked person) carry it: groups pinned to two persons never
    /// join.
    GroupSet(const Model& model, const std::vector<const FaceNode*>& faces);

    std::size_t find(std::size_t face);
    /// Whether two groups (roots) may become one person: not pinned to two persons, not rejected
    /// from the other's person, no cannot-link between their faces, and no photo in common
    /// (unless `linked`: a human joined them, which overrides "two faces of one photo").
    bool canMerge(std::size_t a, std::size_t b, bool linked = false);
    /// Joins two groups (roots); returns the root of the result.
    std::size_t merge(std::size_t a, std::size_t b);

    std::size_t count() const { return faces_.size(); }
    std::size_t size(std::size_t root) const { return groups_[root].members.size(); }
    const GroupSums& sums(std::size_t root) const { return groups_[root].sums; }
    /// The spread a group is judged by: the pairs within the groups it was made of since the
    /// last freezeSpreads() (a face alone: none).
    const PairSpread& spread(std::size_t root) const { return groups_[root].spread; }
    /// Every group's spread from now on is its own, over all its pairs; later joins add up the
    /// spreads of what they join, not the pairs across.
    void freezeSpreads();
    const std::vector<std::size_t>& members(std::size_t root) const {
        return groups_[root].members;
    }
    const FaceNode& face(std::size_t i) const { return *faces_[i]; }
    /// The roots, in face order.
    std::vector<std::size_t> roots();
    /// Each face's root.
    std::vector<std::size_t> labels();
    /// The sums of every group.
    std::vector<GroupSums> allSums();

  private:
    struct Group {
        Id pinned = 0;
        std::vector<Id> photos;  // sorted
        std::vector<Id> rejected;
        std::vector<std::size_t> members;
        GroupSums sums;
        PairSpread spread;
    };

    const std::vector<const FaceNode*>& faces_;
    std::vector<std::size_t> parent_;
    std::vector<Group> groups_;
    std::unordered_map<std::size_t, std::vector<std::size_t>> cannot_;
};

}  // namespace kith::people
