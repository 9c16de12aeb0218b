#include "clustering.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

#include "grouping_methods.h"
#include "placement.h"

namespace kith::people {

namespace {

// Parts smaller than this are not judged by how they meet: too few faces to tell a person's
// changing look from a chance pair.
constexpr std::size_t kMeetingFaces = 3;
// Faces a side that make the boundary where two groups meet.
constexpr std::size_t kBoundaryFaces = 5;
// Faces of a person looked at for its parts, at most (evenly spread over its faces).
constexpr std::size_t kPartsSample = 200;

// The `count` faces of `group` nearest to the mean of `other`.
std::vector<const FaceNode*> nearestTo(const std::vector<const FaceNode*>& group,
                                       const std::vector<const FaceNode*>& other,
                                       std::size_t count) {
    const auto centre = unitMean(other);
    std::vector<std::pair<float, const FaceNode*>> byDistance;
    for (const FaceNode* f : group)
        byDistance.emplace_back(distanceL2(f->embedding, centre), f);
    count = std::min(count, byDistance.size());
    std::partial_sort(byDistance.begin(), byDistance.begin() + static_cast<long>(count),
                      byDistance.end(), [](const auto& x, const auto& y) {
                          return std::tie(x.first, x.second->id) < std::tie(y.first, y.second->id);
                      });
    std::vector<const FaceNode*> nearest;
    for (std::size_t i = 0; i < count; ++i)
        nearest.push_back(byDistance[i].second);
    return nearest;
}

// Joins again the groups that hold faces of one person and meet closely (meetClosely), largest
// parts first. `personOf(i)`: the person face i counts for (0: none).
template <typename PersonOf>
void rejoinMeetingParts(GroupSet& groups, const JoinRule& rule, PersonOf personOf) {
    std::map<Id, std::map<std::size_t, std::vector<const FaceNode*>>> partsByPerson;
    for (std::size_t i = 0; i < groups.count(); ++i)
        if (const Id person = personOf(i))
            partsByPerson[person][groups.find(i)].push_back(&groups.face(i));
    for (auto& [person, parts] : partsByPerson) {
        std::vector<std::pair<std::size_t, std::vector<const FaceNode*>>> large;
        for (auto& [root, faces] : parts)
            if (faces.size() >= kMeetingFaces) large.emplace_back(root, std::move(faces));
        std::stable_sort(large.begin(), large.end(), [](const auto& x, const auto& y) {
            return x.second.size() > y.second.size();
        });
        for (std::size_t i = 0; i < large.size(); ++i)
            for (std::size_t j = i + 1; j < large.size(); ++j) {
                const std::size_t a = groups.find(large[i].first), b = groups.find(large[j].first);
                if (a != b && meetClosely(large[i].second, large[j].second, rule) &&
                    groups.canMerge(a, b))
                    groups.merge(a, b);
            }
    }
}

}  // namespace

std::vector<std::vector<Id>> facesNearest(const Model& model, Id person,
                                          const std::vector<std::vector<Id>>& parts) {
    std::vector<GroupSums> sums;
    for (const auto& part : parts) {
        GroupSums g;
        for (Id id : part)
            if (const FaceNode* f = model.face(id)) g.add(f->embedding);
        sums.push_back(g);
    }
    std::vector<std::vector<Id>> result(parts.size());
    for (const FaceNode* f : model.facesOf(person)) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < sums.size(); ++i)
            if (meanSquareBetween(f->embedding, sums[i]) <
                meanSquareBetween(f->embedding, sums[best]))
                best = i;
        if (!sums.empty()) result[best].push_back(f->id);
    }
    return result;
}

double boundaryMeanSquare(const std::vector<const FaceNode*>& a,
                          const std::vector<const FaceNode*>& b) {
    const std::size_t side = std::min({kBoundaryFaces, a.size(), b.size()});
    return meanSquareBetween(sumsOf(nearestTo(a, b, side)), sumsOf(nearestTo(b, a, side)));
}

bool meetClosely(const std::vector<const FaceNode*>& a, const std::vector<const FaceNode*>& b,
                 const JoinRule& rule) {
    return boundaryMeanSquare(a, b) <= rule.limit(sumsOf(a), sumsOf(b));
}

std::vector<std::vector<const FaceNode*>> partsOf(const Model& model, Id person, const Settings& s,
                                                  const Spread& spread) {
    std::vector<const FaceNode*> faces = model.facesOf(person);
    if (faces.size() < 2 * kMeetingFaces) return {faces};
    // A large person is judged on an even sample of its faces: parts of it show in the sample.
    if (faces.size() > kPartsSample) {
        std::vector<const FaceNode*> sample;
        for (std::size_t i = 0; i < kPartsSample; ++i)
            sample.push_back(faces[i * faces.size() / kPartsSample]);
        faces = std::move(sample);
    }
    FaceIndex index;
    std::vector<std::int64_t> ids;
    for (const FaceNode* f : faces)
        ids.push_back(f->id);
    index.rebuild(
        ids, [&](std::size_t i) { return faces[i]->embedding.data(); }, FaceIndex::Kind::Exact);
    const auto edges = neighbourGraph(index, faces, s.graphNeighbours, s.groupCeiling);
    GroupSet groups(model, faces);
    agglomerate(groups, edges, JoinRule::fixed(s.strictGroup));
    groups.freezeSpreads();
    const JoinRule rule(s, spread);
    agglomerate(groups, edges, rule);
    rejoinMeetingParts(groups, rule, [&](std::size_t) { return person; });
    std::map<std::size_t, std::vector<const FaceNode*>> byRoot;
    for (std::size_t i = 0; i < faces.size(); ++i)
        byRoot[groups.find(i)].push_back(faces[i]);
    std::vector<std::vector<const FaceNode*>> parts;
    for (auto& [root, members] : byRoot)
        if (members.size() >= 2) parts.push_back(std::move(members));
    std::stable_sort(parts.begin(), parts.end(),
                     [](const auto& x, const auto& y) { return x.size() > y.size(); });
    return parts;
}

namespace {

// Faces a grouping left alone, and weak faces (too small to trust, never grouped), go where the
// groups of their nearest faces clearly agree, by the rule that places a new face (at least
// placementSupport of its nearest faces, or the whole group, in one group within T, none of
// another, their RMS distance within the strict link), and two tests of the whole group besides:
// its RMS distance to all the group's faces is within the ceiling of every join, and it is nearer
// that group (by mean squared distance) than loneRatio times its next nearest group. Otherwise
// it stays alone: a stranger among look-alikes sits about as near two of them. So a face a later
// scan would have placed is placed by a re-cluster too. Lone strong faces are merged into their
// groups; returns each weak face's label (`alone + i` for the i-th left alone).
std::vector<std::size_t> attachLoneFaces(GroupSet& groups, const FaceIndex& index,
                                         const std::vector<const FaceNode*>& strong,
                                         const std::vector<const FaceNode*>& weak,
                                         const Settings& s, std::size_t alone) {
    // The groups as the method left them: only faces in groups of two or more vote.
    std::unordered_map<Id, std::size_t> strongAt;
    std::vector<GroupSums> formed;  // groups of two faces or more, and their roots
    std::vector<std::size_t> formedRoot;
    std::vector<const FaceNode*> lone = weak;
    std::vector<std::size_t> loneStrong;  // indices into `strong`, in the order of `lone`
    for (std::size_t i = 0; i < strong.size(); ++i) {
        strongAt[strong[i]->id] = i;
        const std::size_t root = groups.find(i);
        if (groups.size(root) < 2) {
            lone.push_back(strong[i]);
            loneStrong.push_back(i);
        } else if (root == i) {
            formed.push_back(groups.sums(root));
            formedRoot.push_back(root);
        }
    }
    std::vector<float> queries;
    for (const FaceNode* f : lone)
        queries.insert(queries.end(), f->embedding.begin(), f->embedding.end());
    // Weak and lone faces are in the index too: look further so that enough grouped ones are
    // among the nearest.
    const int k = s.placementNeighbours;
    const auto found = index.searchMany(queries, 2 * k + 1);
    const auto nearestGroups = NearestGroups(formed).search(queries, 2);
    const double ceiling = static_cast<double>(s.groupCeiling) * s.groupCeiling;
    std::vector<std::size_t> target(lone.size(), alone);  // `alone`: stays alone
    for (std::size_t l = 0; l < lone.size(); ++l) {
        std::map<std::size_t, std::pair<std::size_t, float>> votes;  // root -> (count, squares)
        int looked = 0;
        for (const Neighbour& n : found[l]) {
            const auto it = strongAt.find(n.face);
            if (it == strongAt.end() || n.face == lone[l]->id) continue;
            if (looked++ == k) break;
            const std::size_t root = groups.find(it->second);
            if (groups.size(root) < 2 || n.distance > s.samePerson) continue;
            auto& [count, squares] = votes[root];
            ++count;
            squares += n.distance * n.distance;
        }
        if (votes.size() != 1) continue;
        const auto& [root, vote] = *votes.begin();
        const std::size_t needed = std::min<std::size_t>(
            static_cast<std::size_t>(std::max(1, s.placementSupport)), groups.size(root));
        const float rms = std::sqrt(vote.second / static_cast<float>(vote.first));
        const auto& near = nearestGroups[l];
        const bool clearlyNearest =
            !near.empty() && formedRoot[near[0].group] == root && near[0].meanSquare <= ceiling &&
            (near.size() < 2 || near[0].meanSquare <= s.loneRatio * near[1].meanSquare);
        if (vote.first >= needed && rms <= s.strictLink && clearlyNearest) target[l] = root;
    }
    // Joined after all are judged, so that the order of the faces changes nothing.
    for (std::size_t j = 0; j < loneStrong.size(); ++j) {
        const std::size_t l = weak.size() + j;
        if (target[l] == alone) continue;
        const std::size_t face = groups.find(loneStrong[j]), into = groups.find(target[l]);
        if (groups.canMerge(face, into)) groups.merge(face, into);
    }
    std::vector<std::size_t> weakLabels(weak.size());
    for (std::size_t w = 0; w < weak.size(); ++w)
        weakLabels[w] = target[w] == alone ? alone + w : groups.find(target[w]);
    return weakLabels;
}

}  // namespace

Grouping groupFaces(const Model& model, const FaceIndex& index,
                    const std::vector<const FaceNode*>& members, const Settings& settings) {
    // Weak faces a human placed are as good as any: they stay with their person.
    std::vector<const FaceNode*> strong, weak;
    for (const FaceNode* f : members)
        (f->weak && !model.pinnedPerson(*f) ? weak : strong).push_back(f);
    GroupSet groups(model, strong);
    // Two groups within the ceiling have a pair of faces within it (the closest pair is no
    // further apart than the RMS distance): the graph needs no longer edges. HDBSCAN reaches to
    // T, where its components are born.
    const float reach =
        settings.method == Method::Hdbscan ? settings.samePerson : settings.groupCeiling;
    const std::vector<Edge> edges = neighbourGraph(index, strong, settings.graphNeighbours, reach);
    Grouping result;
    switch (settings.method) {
        case Method::TwoPass:
            result.spread = twoPassLinkage(groups, edges, settings);
            break;
        case Method::Average:
            agglomerate(groups, edges, JoinRule::fixed(settings.strictGroup));
            break;
        case Method::Hdbscan:
            hdbscan(groups, edges, settings);
            break;
        case Method::ChineseWhispers:
            chineseWhispers(groups, edges, settings);
            break;
    }
    if (settings.method != Method::TwoPass) result.spread = measureSpread(groups.allSums());
    // What an earlier step made one person stays one where its parts meet closely; where they
    // only touch, the re-cluster's split stands.
    rejoinMeetingParts(groups, JoinRule(settings, result.spread),
                       [&](std::size_t i) { return groups.face(i).person; });
    const std::vector<std::size_t> weakLabels =
        attachLoneFaces(groups, index, strong, weak, settings, strong.size());
    std::unordered_map<Id, std::size_t> labelOf;
    for (std::size_t i = 0; i < strong.size(); ++i)
        labelOf[strong[i]->id] = groups.find(i);
    for (std::size_t i = 0; i < weak.size(); ++i)
        labelOf[weak[i]->id] = weakLabels[i];
    for (const FaceNode* f : members)
        result.labels.push_back(labelOf[f->id]);
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
    // Faces that stay where they are: pinned ones, and (faces move between two persons a human
    // decided about, named, kept apart and so on, only by a human's hand: at most asked about)
    // a face of such a person whose group goes to another such person.
    auto staysIn = [&](const FaceNode& f, Id groupPerson) -> Id {
        if (const Id pinned = model.pinnedPerson(f)) return pinned;
        const bool between = f.person && f.person != groupPerson && model.decidedAbout(f.person) &&
                             model.decidedAbout(groupPerson);
        return between ? f.person : 0;
    };
    // Several groups may go to one person (each holding faces pinned to it): a face whose photo
    // already has a face in that person, one it is not linked to, waits in the pool instead.
    std::map<std::pair<Id, Id>, Id> faceOfPhotoIn;  // (person, photo) -> face
    for (const auto& [label, faces] : groups)
        for (const FaceNode* f : faces)
            if (const Id stays = staysIn(*f, personOfGroup[label]))
                faceOfPhotoIn[{stays, f->photo}] = f->id;
    auto photoTaken = [&](const FaceNode& f, Id person) {
        const auto [it, fresh] = faceOfPhotoIn.emplace(std::pair(person, f.photo), f.id);
        return !fresh && it->second != f.id && !model.mustLink(f.id, it->second);
    };
    for (const Candidate& c : order) {
        const auto& faces = groups[c.label];
        const Id person = personOfGroup[c.label];
        const GroupSums sums = sumsOf(faces);
        for (const FaceNode* f : faces) {
            if (staysIn(*f, person)) continue;
            if (person && (model.rejectedFrom(f->id, person) || photoTaken(*f, person))) {
                if (f->person || !f->pooled) changes.unassignments.push_back({f->id, true});
                continue;
            }
            if (!person) {
                if (f->person || !f->pooled) changes.unassignments.push_back({f->id, true});
            } else {
                const float confidence = membership(*f, sums, settings, grouping.spread);
                if (f->person != person || std::abs(f->confidence - confidence) > 0.01f)
                    changes.assignments.push_back({f->id, person, confidence, false});
            }
        }
    }
    return changes;
}

}  // namespace kith::people
