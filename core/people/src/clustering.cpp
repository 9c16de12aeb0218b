#include "clustering.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "placement.h"

namespace kith::people {
namespace {

using Embedding = std::array<float, store::kEmbeddingSize>;

float distance(const float* a, const float* b) {
    float sum = 0;
    for (int i = 0; i < store::kEmbeddingSize; ++i)
        sum += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(sum);
}

// Union-find over faces, each group knowing what it may not be merged with.
class GroupSet {
  public:
    GroupSet(const Model& model, const std::vector<const FaceNode*>& faces)
        : model_(model), faces_(faces), parent_(faces.size()), groups_(faces.size()) {
        std::iota(parent_.begin(), parent_.end(), 0);
        std::unordered_map<Id, std::size_t> at;
        for (std::size_t i = 0; i < faces.size(); ++i) {
            const FaceNode& f = *faces[i];
            at[f.id] = i;
            Group& g = groups_[i];
            g.pinned = model.pinnedPerson(f);
            g.photos = {f.photo};
            g.members = {i};
            g.sum.assign(f.embedding.begin(), f.embedding.end());
        }
        // Rejections and cannot-links, per face.
        for (const store::Constraint& c : model.constraints()) {
            if (c.kind != store::LinkKind::CannotLink) continue;
            auto face = [&](Id id) -> long {
                const auto it = at.find(id);
                return it == at.end() ? -1 : static_cast<long>(it->second);
            };
            if (c.faceA && c.personB && face(c.faceA) >= 0)
                groups_[face(c.faceA)].rejected.push_back(c.personB);
            if (c.faceB && c.personA && face(c.faceB) >= 0)
                groups_[face(c.faceB)].rejected.push_back(c.personA);
            if (c.faceA && c.faceB && face(c.faceA) >= 0 && face(c.faceB) >= 0) {
                cannot_[face(c.faceA)].push_back(face(c.faceB));
                cannot_[face(c.faceB)].push_back(face(c.faceA));
            }
        }
        // What humans joined is joined before anything else: faces pinned to one person, and
        // must-linked faces.
        std::map<Id, std::size_t> firstOfPerson;
        for (std::size_t i = 0; i < faces.size(); ++i) {
            const Id pinned = groups_[i].pinned;
            if (!pinned) continue;
            const auto [it, fresh] = firstOfPerson.emplace(pinned, i);
            if (!fresh) merge(find(it->second), find(i));
        }
        for (const store::Constraint& c : model.constraints())
            if (c.kind == store::LinkKind::MustLink && c.faceA && c.faceB && at.count(c.faceA) &&
                at.count(c.faceB)) {
                // Unless a later decision pinned the two to different persons: the later wins.
                const std::size_t a = find(at[c.faceA]), b = find(at[c.faceB]);
                if (a != b && canMerge(a, b, true)) merge(a, b);
            }
    }

    std::size_t find(std::size_t i) {
        while (parent_[i] != i)
            i = parent_[i] = parent_[parent_[i]];
        return i;
    }

    // Whether two groups (roots) may become one person. `linked`: a human linked them, which
    // overrides "two faces of one photo".
    bool canMerge(std::size_t a, std::size_t b, bool linked = false) {
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

    void merge(std::size_t a, std::size_t b) {
        if (groups_[a].members.size() < groups_[b].members.size()) std::swap(a, b);
        Group& into = groups_[a];
        Group& from = groups_[b];
        parent_[b] = a;
        if (!into.pinned) into.pinned = from.pinned;
        into.photos = unite(into.photos, from.photos);
        into.rejected.insert(into.rejected.end(), from.rejected.begin(), from.rejected.end());
        into.members.insert(into.members.end(), from.members.begin(), from.members.end());
        for (std::size_t i = 0; i < into.sum.size(); ++i)
            into.sum[i] += from.sum[i];
        from = Group{};
    }

    // The group's mean face, unit length.
    std::vector<float> centroid(std::size_t root) const {
        std::vector<float> c = groups_[root].sum;
        float norm = 0;
        for (float v : c)
            norm += v * v;
        norm = std::sqrt(norm);
        for (float& v : c)
            v /= norm > 0 ? norm : 1;
        return c;
    }

    std::vector<std::size_t> labels() {
        std::vector<std::size_t> result(faces_.size());
        for (std::size_t i = 0; i < faces_.size(); ++i)
            result[i] = find(i);
        return result;
    }

    std::size_t size(std::size_t root) const { return groups_[root].members.size(); }

    // The faces of every group.
    std::vector<std::vector<const FaceNode*>> groupsOfFaces() {
        std::map<std::size_t, std::vector<const FaceNode*>> byRoot;
        for (std::size_t i = 0; i < faces_.size(); ++i)
            byRoot[find(i)].push_back(faces_[i]);
        std::vector<std::vector<const FaceNode*>> result;
        for (auto& [root, faces] : byRoot)
            result.push_back(std::move(faces));
        return result;
    }

  private:
    struct Group {
        Id pinned = 0;
        std::vector<Id> photos;  // sorted
        std::vector<Id> rejected;
        std::vector<std::size_t> members;
        std::vector<float> sum;
    };

    static bool contains(const std::vector<Id>& v, Id x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    }
    static bool intersect(const std::vector<Id>& a, const std::vector<Id>& b) {
        std::size_t i = 0, j = 0;
        while (i < a.size() && j < b.size()) {
            if (a[i] == b[j]) return true;
            a[i] < b[j] ? ++i : ++j;
        }
        return false;
    }
    static std::vector<Id> unite(const std::vector<Id>& a, const std::vector<Id>& b) {
        std::vector<Id> out;
        std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
        return out;
    }

    const Model& model_;
    const std::vector<const FaceNode*>& faces_;
    std::vector<std::size_t> parent_;
    std::vector<Group> groups_;
    std::unordered_map<std::size_t, std::vector<std::size_t>> cannot_;
};

struct Edge {
    float distance;
    std::size_t a, b;  // a < b
    bool operator<(const Edge& o) const {
        return std::tie(distance, a, b) < std::tie(o.distance, o.a, o.b);
    }
};

// The k-nearest-neighbour graph of the members, edges up to `maxDistance`, shortest first.
std::vector<Edge> neighbourGraph(const FaceIndex& index,
                                 const std::vector<const FaceNode*>& members, int k,
                                 float maxDistance) {
    std::unordered_map<Id, std::size_t> at;
    std::vector<float> queries;
    queries.reserve(members.size() * store::kEmbeddingSize);
    for (std::size_t i = 0; i < members.size(); ++i) {
        at[members[i]->id] = i;
        queries.insert(queries.end(), members[i]->embedding.begin(), members[i]->embedding.end());
    }
    const auto found = index.searchMany(queries, k + 1);
    std::vector<Edge> edges;
    for (std::size_t i = 0; i < members.size(); ++i)
        for (const Neighbour& n : found[i]) {
            const auto it = at.find(n.face);
            if (it == at.end() || it->second == i || n.distance > maxDistance) continue;
            edges.push_back({n.distance, std::min(i, it->second), std::max(i, it->second)});
        }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end(),
                            [](const Edge& x, const Edge& y) { return x.a == y.a && x.b == y.b; }),
                edges.end());
    return edges;
}

// Pass 1 links faces closer than the strict distance (single linkage, shortest first), which
// alone cannot chain two people together while their faces stay apart by more than it. Pass 2
// merges groups by their mean faces, against the same-person distance for means of their
// sizes (sameThreshold): a mean is a steadier picture of a person than any face, and two
// different people's means sit closer than their faces do, so the threshold tightens as groups
// grow. The spread it needs is measured on pass 1's groups.
Spread twoPass(GroupSet& groups, const std::vector<Edge>& edges, const Settings& s) {
    for (const Edge& e : edges) {
        if (e.distance > s.strictLink) break;
        const std::size_t a = groups.find(e.a), b = groups.find(e.b);
        if (a != b && groups.canMerge(a, b)) groups.merge(a, b);
    }
    const Spread spread = measureSpread(groups.groupsOfFaces());
    auto closeEnough = [&](std::size_t a, std::size_t b, float& d) {
        const auto ca = groups.centroid(a), cb = groups.centroid(b);
        d = distance(ca.data(), cb.data());
        return d <= sameThreshold(s, spread, groups.size(a), groups.size(b));
    };
    for (int round = 0; round < 3; ++round) {
        std::vector<Edge> candidates;
        for (const Edge& e : edges) {
            const std::size_t a = groups.find(e.a), b = groups.find(e.b);
            float d = 0;
            if (a != b && closeEnough(a, b, d))
                candidates.push_back({d, std::min(a, b), std::max(a, b)});
        }
        std::sort(candidates.begin(), candidates.end());
        bool merged = false;
        for (const Edge& c : candidates) {
            const std::size_t a = groups.find(c.a), b = groups.find(c.b);
            float d = 0;
            if (a != b && closeEnough(a, b, d) && groups.canMerge(a, b)) {  // as they are now
                groups.merge(a, b);
                merged = true;
            }
        }
        if (!merged) break;
    }
    return spread;
}

// DBSCAN with eps = the same-person distance and 3 points to a core: cores within eps are
// joined (shortest first), a face near a core joins its nearest allowed core. What is left
// follows the unassigned pool's rule: two faces that clearly agree (within the strict distance)
// are one person.
void constrainedDbscan(GroupSet& groups, const std::vector<Edge>& edges, std::size_t count,
                       const Settings& s) {
    constexpr int kMinPoints = 3;
    std::vector<int> near(count, 1);  // itself
    for (const Edge& e : edges)
        if (e.distance <= s.samePerson) ++near[e.a], ++near[e.b];
    auto core = [&](std::size_t i) { return near[i] >= kMinPoints; };
    for (const Edge& e : edges) {
        if (e.distance > s.samePerson) break;
        if (!core(e.a) || !core(e.b)) continue;
        const std::size_t a = groups.find(e.a), b = groups.find(e.b);
        if (a != b && groups.canMerge(a, b)) groups.merge(a, b);
    }
    for (const Edge& e : edges) {
        if (e.distance > s.samePerson) break;
        if (core(e.a) == core(e.b)) continue;
        const std::size_t border = core(e.a) ? e.b : e.a, coreFace = core(e.a) ? e.a : e.b;
        const std::size_t a = groups.find(border), b = groups.find(coreFace);
        if (a != b && groups.canMerge(a, b)) groups.merge(a, b);
    }
    for (const Edge& e : edges) {
        if (e.distance > s.strictLink) break;
        const std::size_t a = groups.find(e.a), b = groups.find(e.b);
        if (a != b && groups.size(a) == 1 && groups.size(b) == 1 && groups.canMerge(a, b))
            groups.merge(a, b);
    }
}

}  // namespace

Grouping groupFaces(const Model& model, const FaceIndex& index,
                    const std::vector<const FaceNode*>& members, const Settings& settings) {
    GroupSet groups(model, members);
    const float reach = settings.samePerson * 1.25f;
    const std::vector<Edge> edges = neighbourGraph(index, members, settings.graphNeighbours, reach);
    Grouping result;
    if (settings.method == Method::ConstrainedDbscan) {
        constrainedDbscan(groups, edges, members.size(), settings);
        result.spread = measureSpread(groups.groupsOfFaces());
    } else {
        result.spread = twoPass(groups, edges, settings);
    }
    result.labels = groups.labels();
    return result;
}

Changes matchGroupsToPersons(const Model& model, const std::vector<const FaceNode*>& members,
                             const Grouping& grouping, const Settings& settings) {
    const std::vector<std::size_t>& labels = grouping.labels;
    // The groups, with what each holds.
    std::map<std::size_t, std::vector<const FaceNode*>> groups;
    for (std::size_t i = 0; i < members.size(); ++i)
        groups[labels[i]].push_back(members[i]);
    struct Candidate {
        std::size_t label;
        Id pinned = 0;
        std::size_t size = 0;
        Id firstFace = 0;
    };
    std::vector<Candidate> order;
    for (const auto& [label, faces] : groups) {
        Candidate c{label, 0, faces.size(), faces.front()->id};
        for (const FaceNode* f : faces)
            if (const Id p = model.pinnedPerson(*f)) c.pinned = p;
        order.push_back(c);
    }
    // Pinned groups first, then larger before smaller: the big groups choose their persons.
    std::sort(order.begin(), order.end(), [](const Candidate& x, const Candidate& y) {
        return std::tuple(x.pinned == 0, -static_cast<long>(x.size), x.firstFace) <
               std::tuple(y.pinned == 0, -static_cast<long>(y.size), y.firstFace);
    });

    Changes changes;
    std::map<Id, bool> taken;
    std::map<std::size_t, Id> personOfGroup;
    for (const Candidate& c : order) {
        const auto& faces = groups[c.label];
        Id person = c.pinned;
        if (!person && faces.size() >= 2) {
            std::map<Id, std::size_t> overlap;
            for (const FaceNode* f : faces)
                if (f->person && !taken.count(f->person)) ++overlap[f->person];
            std::size_t best = 0;
            for (const auto& [p, n] : overlap)
                if (n > best) best = n, person = p;  // ties: the lower id, first in the map
            if (!person) person = changes.addPerson({});
        }
        if (person) taken[person] = true;
        personOfGroup[c.label] = person;
    }
    for (const auto& [label, faces] : groups) {
        const Id person = personOfGroup[label];
        for (const FaceNode* f : faces) {
            if (f->confirmed) continue;  // never moved
            if (person && model.rejectedFrom(f->id, person)) {
                if (f->person || !f->pooled) changes.unassignments.push_back({f->id, true});
                continue;
            }
            if (!person) {
                if (f->person || !f->pooled) changes.unassignments.push_back({f->id, true});
            } else {
                const float confidence = membership(*f, faces, settings, grouping.spread);
                if (f->person != person || std::abs(f->confidence - confidence) > 0.01f)
                    changes.assignments.push_back({f->id, person, confidence, false});
            }
        }
    }
    return changes;
}

}  // namespace kith::people
