#include "group_set.h"

#include <algorithm>
#include <numeric>

namespace kith::people {
namespace {

bool contains(const std::vector<Id>& v, Id x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

bool intersect(const std::vector<Id>& a, const std::vector<Id>& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] == b[j]) return true;
        a[i] < b[j] ? ++i : ++j;
    }
    return false;
}

std::vector<Id> unite(const std::vector<Id>& a, const std::vector<Id>& b) {
    std::vector<Id> out;
    out.reserve(a.size() + b.size());
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

}  // namespace

GroupSet::GroupSet(const Model& model, const std::vector<const FaceNode*>& faces)
    : faces_(faces), parent_(faces.size()), groups_(faces.size()) {
    std::iota(parent_.begin(), parent_.end(), 0);
    std::unordered_map<Id, std::size_t> at;
    for (std::size_t i = 0; i < faces.size(); ++i) {
        const FaceNode& f = *faces[i];
        at[f.id] = i;
        Group& g = groups_[i];
        g.pinned = model.pinnedPerson(f);
        g.photos = {f.photo};
        g.members = {i};
        g.sums.add(f.embedding);
    }
    auto indexOf = [&](Id id) -> long {
        const auto it = at.find(id);
        return it == at.end() ? -1 : static_cast<long>(it->second);
    };
    // Rejections and cannot-links, per face.
    for (const store::Constraint& c : model.constraints()) {
        if (c.kind != store::LinkKind::CannotLink) continue;
        const long a = c.faceA ? indexOf(c.faceA) : -1, b = c.faceB ? indexOf(c.faceB) : -1;
        if (a >= 0 && c.personB) groups_[a].rejected.push_back(c.personB);
        if (b >= 0 && c.personA) groups_[b].rejected.push_back(c.personA);
        if (a >= 0 && b >= 0) {
            cannot_[a].push_back(b);
            cannot_[b].push_back(a);
        }
    }
    // Must-linked faces are one group from the start. Faces pinned to one person are not: each
    // gathers the faces like it, and every group holding a person's pinned faces is that person
    // (matchGroupsToPersons). Joined into one group first, a person made of two looks (a merge
    // of two persons) would be one group that neither look's other faces are near on average.
    for (const store::Constraint& c : model.constraints())
        if (c.kind == store::LinkKind::MustLink && c.faceA && c.faceB) {
            const long a = indexOf(c.faceA), b = indexOf(c.faceB);
            if (a < 0 || b < 0) continue;
            // Unless a later decision pinned the two to different persons: the later wins.
            const std::size_t ra = find(a), rb = find(b);
            if (ra != rb && canMerge(ra, rb, true)) merge(ra, rb);
        }
}

std::size_t GroupSet::find(std::size_t i) {
    while (parent_[i] != i)
        i = parent_[i] = parent_[parent_[i]];
    return i;
}

bool GroupSet::canMerge(std::size_t a, std::size_t b, bool linked) {
    const Group& ga = groups_[a];
    const Group& gb = groups_[b];
    if (ga.pinned && gb.pinned && ga.pinned != gb.pinned) return false;  // humans decide that
    if (ga.pinned && contains(gb.rejected, ga.pinned)) return false;
    if (gb.pinned && contains(ga.rejected, gb.pinned)) return false;
    if (!linked && intersect(ga.photos, gb.photos)) return false;  // two faces of one photo
    const Group& smaller = ga.members.size() < gb.members.size() ? ga : gb;
    const std::size_t other = &smaller == &ga ? b : a;
    for (std::size_t m : smaller.members) {
        const auto it = cannot_.find(m);
        if (it == cannot_.end()) continue;
        for (std::size_t partner : it->second)
            if (find(partner) == other) return false;
    }
    return true;
}

std::size_t GroupSet::merge(std::size_t a, std::size_t b) {
    if (groups_[a].members.size() < groups_[b].members.size()) std::swap(a, b);
    Group& into = groups_[a];
    Group& from = groups_[b];
    parent_[b] = a;
    if (!into.pinned) into.pinned = from.pinned;
    into.photos = unite(into.photos, from.photos);
    into.rejected.insert(into.rejected.end(), from.rejected.begin(), from.rejected.end());
    into.members.insert(into.members.end(), from.members.begin(), from.members.end());
    into.sums.add(from.sums);
    into.spread += from.spread;
    from = Group{};
    return a;
}

std::vector<std::size_t> GroupSet::roots() {
    std::vector<std::size_t> result;
    for (std::size_t i = 0; i < faces_.size(); ++i)
        if (find(i) == i) result.push_back(i);
    return result;
}

void GroupSet::freezeSpreads() {
    for (std::size_t root : roots())
        groups_[root].spread = PairSpread::of(groups_[root].sums);
}

std::vector<std::size_t> GroupSet::labels() {
    std::vector<std::size_t> result(faces_.size());
    for (std::size_t i = 0; i < faces_.size(); ++i)
        result[i] = find(i);
    return result;
}

std::vector<GroupSums> GroupSet::allSums() {
    std::vector<GroupSums> result;
    for (std::size_t root : roots())
        result.push_back(groups_[root].sums);
    return result;
}

}  // namespace kith::people
