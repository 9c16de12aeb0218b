#include "review.h"

#include <faiss/utils/distances.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "placement.h"

namespace kith::people {
namespace {

// Naming does not change who is grouped with whom, so a name is worth half a face per face.
constexpr double kNamingWeight = 0.5;
// A skipped question waits behind every other one.
constexpr double kSkippedWeight = 0.01;
// Questions less likely than this to change anything are not asked.
constexpr float kWorthAsking = 0.05f;
// Members compared per person when looking for the closest pair (evenly spread).
constexpr std::size_t kMembersCompared = 200;

float distance(const FaceNode& a, const FaceNode& b) {
    return embeddingDistance(a.embedding, b.embedding);
}

std::vector<const FaceNode*> sample(const std::vector<const FaceNode*>& faces) {
    if (faces.size() <= kMembersCompared) return faces;
    std::vector<const FaceNode*> out;
    for (std::size_t i = 0; i < kMembersCompared; ++i)
        out.push_back(faces[i * faces.size() / kMembersCompared]);
    return out;
}

std::string label(const Model& model, Id person) {
    const store::Person* p = model.person(person);
    return p && !p->name.empty() ? p->name : "person #" + std::to_string(person);
}

// Persons close enough to ask about, judged by their means (against the same-person distance
// for means of their sizes) and by their closest faces (against T, up to askUpTo), with the
// closest face pairs between them as evidence.
void samePersonItems(const Model& model, const Settings& s, const Spread& spread,
                     std::vector<ReviewItem>& items) {
    std::vector<Id> persons;
    std::map<Id, std::vector<const FaceNode*>> members;
    for (const auto& [id, p] : model.persons())
        if (!p.hidden)
            if (auto faces = model.facesOf(id); !faces.empty()) {
                persons.push_back(id);
                members[id] = sample(faces);
            }
    // Candidates by their mean faces, then judged by their nearest members.
    FaceIndex means;
    std::vector<std::int64_t> ids;
    std::vector<float> rows;
    std::map<Id, std::vector<float>> rowsOf;  // the sampled members' embeddings, row by row
    for (Id id : persons) {
        for (const FaceNode* f : members[id])
            rowsOf[id].insert(rowsOf[id].end(), f->embedding.begin(), f->embedding.end());
        const auto mean = unitMean(members[id]);
        ids.push_back(id);
        rows.insert(rows.end(), mean.begin(), mean.end());
    }
    means.rebuild(ids, rows);
    const auto near = means.searchMany(rows, 6);
    for (std::size_t i = 0; i < persons.size(); ++i)
        for (const Neighbour& n : near[i]) {
            const Id a = persons[i], b = n.face;
            if (b <= a || model.keptApart(a, b)) continue;
            const auto& ma = members[a];
            const auto& mb = members[b];
            // All pairs' distances at once (a matrix product), the costly part of a review.
            std::vector<float> squared(ma.size() * mb.size());
            faiss::pairwise_L2sqr(kDimensions, static_cast<std::int64_t>(ma.size()),
                                  rowsOf[a].data(), static_cast<std::int64_t>(mb.size()),
                                  rowsOf[b].data(), squared.data());
            std::vector<Evidence> pairs;
            pairs.reserve(squared.size());
            bool sharePhoto = false;
            for (std::size_t i = 0; i < ma.size(); ++i)
                for (std::size_t j = 0; j < mb.size(); ++j) {
                    pairs.push_back({ma[i]->id, mb[j]->id,
                                     std::sqrt(std::max(0.f, squared[i * mb.size() + j]))});
                    sharePhoto = sharePhoto || ma[i]->photo == mb[j]->photo;
                }
            std::partial_sort(
                pairs.begin(), pairs.begin() + std::min<std::size_t>(3, pairs.size()), pairs.end(),
                [](const Evidence& x, const Evidence& y) { return x.distance < y.distance; });
            pairs.resize(std::min<std::size_t>(3, pairs.size()));
            const std::size_t sizeA = model.sizeOf(a), sizeB = model.sizeOf(b);
            if (pairs.empty()) continue;
            // Alike on the whole (their means), or alike at their closest (a person whose look
            // changed, seen in two periods): either is worth a question.
            const float byMeans =
                sameProbability(n.distance, sameThreshold(s, spread, sizeA, sizeB), s);
            const float byNearest = pairs.front().distance <= s.askUpTo
                                        ? sameProbability(pairs.front().distance, s)
                                        : 0.f;
            const float same = std::max(byMeans, byNearest);
            if (same < kWorthAsking) continue;
            ReviewItem item;
            item.id = "merge:" + std::to_string(a) + ":" + std::to_string(b);
            item.kind = ReviewItem::Kind::SamePerson;
            item.person = a;
            item.otherPerson = b;
            // Two people seen in one photo are rarely one person (a mirror, a collage).
            const double unlikely = sharePhoto ? 0.1 : 1.0;
            item.gain = static_cast<double>(sizeA + sizeB) * same * unlikely;
            item.evidence = pairs;
            item.question =
                "Are " + label(model, a) + " and " + label(model, b) + " the same person?";
            items.push_back(item);
        }
}

// Brings the nearest faces of every pooled face up to date: all searched at once when the index
// changed, else only the faces pooled since.
void findPooledNeighbours(const Model& model, const FaceIndex& index, const Settings& s,
                          PooledNeighbours& cache) {
    if (cache.indexVersion != index.version()) cache = {index.version(), {}};
    std::vector<Id> missing;
    std::vector<float> queries;
    for (const FaceNode& f : model.faces())
        if (f.pooled && !f.dismissed && !cache.byFace.count(f.id)) {
            missing.push_back(f.id);
            queries.insert(queries.end(), f.embedding.begin(), f.embedding.end());
        }
    const auto found = index.searchMany(queries, s.placementNeighbours + 1);
    for (std::size_t i = 0; i < missing.size(); ++i) {
        auto neighbours = found[i];
        std::erase_if(neighbours, [&](const Neighbour& n) { return n.face == missing[i]; });
        cache.byFace[missing[i]] = std::move(neighbours);
    }
}

// The sum of each person's embeddings: a face's distance to the mean of the others follows in
// one step, whatever the person's size.
std::unordered_map<Id, std::array<float, kDimensions>> embeddingSums(const Model& model) {
    std::unordered_map<Id, std::array<float, kDimensions>> sums;
    for (const FaceNode& f : model.faces())
        if (f.person) {
            auto& sum = sums.try_emplace(f.person).first->second;
            for (int i = 0; i < kDimensions; ++i)
                sum[i] += f.embedding[i];
        }
    return sums;
}

// The "is this X?" item for face f and person X, with the closest face of X as evidence.
ReviewItem isThisItem(const Model& model, const FaceNode& f, Id person, double uncertainty) {
    ReviewItem item;
    item.id = "face:" + std::to_string(f.id) + ":" + std::to_string(person);
    item.kind = ReviewItem::Kind::IsThisPerson;
    item.person = person;
    item.face = f.id;
    item.gain = uncertainty;
    Evidence closest{f.id, 0, 0};
    for (const FaceNode* m : model.facesOf(person))
        if (m->id != f.id && (!closest.faceB || distance(f, *m) < closest.distance))
            closest = {f.id, m->id, distance(f, *m)};
    if (closest.faceB) item.evidence.push_back(closest);
    item.question = "Is this " + label(model, person) + "?";
    return item;
}

// Faces in a person they may not belong to, judged against the mean of the person's other faces.
void doubtfulMemberItems(const Model& model, const Settings& s, const Spread& spread,
                         std::vector<ReviewItem>& items) {
    const auto sums = embeddingSums(model);
    for (const FaceNode& f : model.faces()) {
        if (f.dismissed || !f.person || f.confirmed) continue;
        const store::Person* p = model.person(f.person);
        if (!p || p->hidden || p->locked) continue;
        const float belongs = std::min(
            f.confidence, membership(f, sums.at(f.person), model.sizeOf(f.person), s, spread));
        if (belongs >= 1 - kWorthAsking) continue;
        items.push_back(isThisItem(model, f, f.person, 1.0 - belongs));
    }
}

// Unassigned faces near someone. Their gain is a probability, below 1.
void pooledFaceItems(const Model& model, const FaceIndex& index, const Settings& s,
                     PooledNeighbours& pooledNeighbours, std::vector<ReviewItem>& items) {
    findPooledNeighbours(model, index, s, pooledNeighbours);
    for (const FaceNode& f : model.faces()) {
        if (f.dismissed || !f.pooled) continue;
        for (const Neighbour& n : pooledNeighbours.byFace[f.id]) {
            const FaceNode* other = model.face(n.face);
            if (!other || !other->person || n.distance > s.askUpTo) continue;
            const store::Person* p = model.person(other->person);
            if (!p || p->hidden || !model.mayJoin(f, other->person)) continue;
            items.push_back(isThisItem(model, f, other->person, sameProbability(n.distance, s)));
            break;
        }
    }
}

void whoIsThisItems(const Model& model, const Settings& s, std::vector<ReviewItem>& items) {
    for (const auto& [id, p] : model.persons()) {
        const std::size_t size = model.sizeOf(id);
        if (!p.name.empty() || p.hidden || size < static_cast<std::size_t>(s.nameAfter)) continue;
        ReviewItem item;
        item.id = "name:" + std::to_string(id);
        item.kind = ReviewItem::Kind::WhoIsThis;
        item.person = id;
        item.face = model.coverOf(id);
        item.gain = static_cast<double>(size) * kNamingWeight;
        item.question = "Who is this? (" + std::to_string(size) + " photos)";
        items.push_back(item);
    }
}

}  // namespace

std::vector<ReviewItem> buildReview(const Model& model, const FaceIndex& index,
                                    const Settings& settings, const Spread& spread,
                                    const std::set<std::string>& skipped,
                                    PooledNeighbours& pooledNeighbours, std::size_t limit) {
    std::vector<ReviewItem> items;
    samePersonItems(model, settings, spread, items);
    doubtfulMemberItems(model, settings, spread, items);
    whoIsThisItems(model, settings, items);
    for (ReviewItem& item : items)
        if (skipped.count(item.id)) item.gain *= kSkippedWeight;
    // Questions about unassigned faces gain less than 1 each: when `limit` questions gain at
    // least that, none of them would make the list, and finding their neighbours (a search per
    // face) is skipped.
    const auto sure = std::count_if(items.begin(), items.end(),
                                    [](const ReviewItem& item) { return item.gain >= 1.0; });
    if (limit == 0 || static_cast<std::size_t>(sure) < limit) {
        std::vector<ReviewItem> pooled;
        pooledFaceItems(model, index, settings, pooledNeighbours, pooled);
        for (ReviewItem& item : pooled)
            if (skipped.count(item.id)) item.gain *= kSkippedWeight;
        items.insert(items.end(), pooled.begin(), pooled.end());
    }
    std::sort(items.begin(), items.end(), [](const ReviewItem& a, const ReviewItem& b) {
        return a.gain != b.gain ? a.gain > b.gain : a.id < b.id;
    });
    return items;
}

}  // namespace kith::people
