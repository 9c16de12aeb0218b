#include "placement.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace kith::people {

std::array<float, store::kEmbeddingSize> unitMean(const std::vector<const FaceNode*>& faces,
                                                  const FaceNode* without) {
    std::array<float, store::kEmbeddingSize> mean{};
    for (const FaceNode* f : faces)
        if (f != without)
            for (std::size_t i = 0; i < mean.size(); ++i)
                mean[i] += f->embedding[i];
    return unitLength(mean);
}

float sameProbability(float distance, float threshold, const Settings& s) {
    const float width = s.samePerson / 20;
    return 1.f / (1.f + std::exp((distance - threshold) / width));
}

float sameProbability(float distance, const Settings& s) {
    return sameProbability(distance, s.samePerson, s);
}

float membership(const FaceNode& face, const GroupSums& person, const Settings& s,
                 const Spread& spread) {
    if (person.size < 2) return 1.f;
    GroupSums others = person;
    others.remove(face.embedding);
    GroupSums one;
    one.add(face.embedding);
    const JoinRule rule(s, spread);
    const auto distance = static_cast<float>(std::sqrt(meanSquareBetween(one, others)));
    const auto limit = static_cast<float>(std::sqrt(rule.limit(one, others)));
    return sameProbability(distance, limit, s);
}

Placement place(const Model& model, const FaceIndex& index, const FaceNode& face, const Settings& s,
                Id excluded) {
    return place(model, index.search(face.embedding, s.placementNeighbours, face.id), face, s,
                 excluded);
}

void placeBatch(const Model& model, FaceIndex& index, const std::vector<const FaceNode*>& faces,
                const Settings& s,
                const std::function<void(const FaceNode&, const Placement&)>& placed) {
    const int k = s.placementNeighbours;
    std::vector<float> queries;
    queries.reserve(faces.size() * kDimensions);
    for (const FaceNode* f : faces)
        queries.insert(queries.end(), f->embedding.begin(), f->embedding.end());
    const auto beforeBatch = index.searchMany(queries, k);
    FaceIndex batch;  // the faces of this batch placed so far: few, searched exactly
    for (std::size_t i = 0; i < faces.size(); ++i) {
        const FaceNode& f = *faces[i];
        std::vector<Neighbour> neighbours = beforeBatch[i];
        const auto inBatch = batch.search(f.embedding, k);
        neighbours.insert(neighbours.end(), inBatch.begin(), inBatch.end());
        std::stable_sort(
            neighbours.begin(), neighbours.end(),
            [](const Neighbour& a, const Neighbour& b) { return a.distance < b.distance; });
        if (neighbours.size() > static_cast<std::size_t>(k))
            neighbours.resize(static_cast<std::size_t>(k));
        placed(f, place(model, neighbours, f, s));
        batch.add(f.id, f.embedding);
    }
    // Into the index all at once (the batch was searched before any was added): one pass, not
    // one per face (an IVF's add wakes FAISS's threads each time).
    std::vector<std::int64_t> ids;
    for (const FaceNode* f : faces)
        ids.push_back(f->id);
    index.addMany(ids, queries);
}

Placement place(const Model& model, const std::vector<Neighbour>& neighbours, const FaceNode& face,
                const Settings& s, Id excluded) {
    // Each person's faces among the neighbours within T; and the nearest pooled face.
    struct Support {
        std::size_t count = 0;
        float nearest = 0;
        float squares = 0;
    };
    std::map<Id, Support> support;
    const FaceNode* pooledMatch = nullptr;
    float pooledDistance = 0;
    for (const Neighbour& n : neighbours) {
        const FaceNode* other = model.face(n.face);
        if (!other || other->dismissed || other->weak) continue;  // weak faces support nobody
        if (other->person) {
            if (n.distance > s.samePerson || other->person == excluded ||
                !model.mayJoin(face, other->person))
                continue;
            Support& p = support[other->person];
            if (p.count++ == 0) p.nearest = n.distance;
            p.squares += n.distance * n.distance;
        } else if (other->pooled && !pooledMatch && other->photo != face.photo &&
                   !model.cannotLink(face.id, other->id)) {
            pooledMatch = other;
            pooledDistance = n.distance;
        }
    }
    // The best supported person (ties: the nearer), and the nearest rival.
    Id best = 0;
    for (const auto& [person, p] : support)
        if (!best || p.count > support[best].count ||
            (p.count == support[best].count && p.nearest < support[best].nearest))
            best = person;
    float rival = 0;
    for (const auto& [person, p] : support)
        if (person != best) rival = std::max(rival, sameProbability(p.nearest, s));
    Placement placement;
    if (best) {
        const Support& p = support[best];
        const std::size_t needed =
            std::min<std::size_t>({static_cast<std::size_t>(std::max(1, s.placementSupport)),
                                   model.sizeOf(best), neighbours.size()});
        if (p.count >= needed) {
            placement.person = best;
            placement.support = p.count;
            placement.distance = std::sqrt(p.squares / static_cast<float>(p.count));
            placement.confidence = sameProbability(placement.distance, s) * (1 - rival);
            const bool clear = rival == 0 && placement.distance <= s.strictLink;
            placement.kind = clear ? Case::Confident : Case::Ambiguous;
            // A weak face goes only where its neighbours clearly agree.
            if (clear || !face.weak) return placement;
            placement = {};
        }
    }
    if (face.weak) return placement;
    // Nobody close enough, or one face of a person near and no more: the pool, where two faces
    // that clearly agree make a new person at once.
    if (pooledMatch && pooledDistance <= s.strictLink) {
        placement.joinsPooled = pooledMatch->id;
        placement.distance = pooledDistance;
        placement.confidence = sameProbability(pooledDistance, s);
    }
    return placement;
}

}  // namespace kith::people
