#include "placement.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace kith::people {

float embeddingDistance(const std::array<float, store::kEmbeddingSize>& a,
                        const std::array<float, store::kEmbeddingSize>& b) {
    float sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        sum += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(sum);
}

std::array<float, store::kEmbeddingSize> unitMean(const std::vector<const FaceNode*>& faces,
                                                  const FaceNode* without) {
    std::array<float, store::kEmbeddingSize> mean{};
    for (const FaceNode* f : faces)
        if (f != without)
            for (std::size_t i = 0; i < mean.size(); ++i)
                mean[i] += f->embedding[i];
    float norm = 0;
    for (float v : mean)
        norm += v * v;
    if (norm > 0)
        for (float& v : mean)
            v /= std::sqrt(norm);
    return mean;
}

Spread measureSpread(const std::vector<std::vector<const FaceNode*>>& groups) {
    std::vector<float> variances;
    for (const auto& group : groups) {
        if (group.size() < 2) continue;
        const auto mean = unitMean(group);
        float sum = 0;
        for (const FaceNode* f : group) {
            const float d = embeddingDistance(f->embedding, mean);
            sum += d * d;
        }
        variances.push_back(sum / static_cast<float>(group.size() - 1));
    }
    Spread spread;
    if (variances.size() < 3) return spread;
    std::nth_element(variances.begin(), variances.begin() + variances.size() / 2, variances.end());
    spread.variance = variances[variances.size() / 2];
    spread.measured = true;
    return spread;
}

float sameThreshold(const Settings& s, const Spread& spread, std::size_t n1, std::size_t n2) {
    const float centres = std::max(0.f, s.samePerson * s.samePerson - 2 * spread.variance);
    const float averaged =
        spread.variance * (1.f / static_cast<float>(std::max<std::size_t>(1, n1)) +
                           1.f / static_cast<float>(std::max<std::size_t>(1, n2)));
    return std::sqrt(centres + averaged);
}

float sameProbability(float distance, float threshold, const Settings& s) {
    const float width = s.samePerson / 20;
    return 1.f / (1.f + std::exp((distance - threshold) / width));
}

float sameProbability(float distance, const Settings& s) {
    return sameProbability(distance, s.samePerson, s);
}

float membership(const FaceNode& face, const std::vector<const FaceNode*>& person,
                 const Settings& s, const Spread& spread) {
    if (person.size() < 2) return 1.f;
    const auto others = unitMean(person, &face);
    return sameProbability(embeddingDistance(face.embedding, others),
                           sameThreshold(s, spread, 1, person.size() - 1), s);
}

float membership(const FaceNode& face, const std::array<float, store::kEmbeddingSize>& personSum,
                 std::size_t size, const Settings& s, const Spread& spread) {
    if (size < 2) return 1.f;
    std::array<float, store::kEmbeddingSize> others{};
    float norm = 0;
    for (std::size_t i = 0; i < others.size(); ++i) {
        others[i] = personSum[i] - face.embedding[i];
        norm += others[i] * others[i];
    }
    if (norm > 0)
        for (float& v : others)
            v /= std::sqrt(norm);
    return sameProbability(embeddingDistance(face.embedding, others),
                           sameThreshold(s, spread, 1, size - 1), s);
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
    // Each person's nearest member among the neighbours; and the nearest pooled face.
    std::map<Id, float> nearest;
    const FaceNode* pooledMatch = nullptr;
    float pooledDistance = 0;
    for (const Neighbour& n : neighbours) {
        const FaceNode* other = model.face(n.face);
        if (!other || other->dismissed) continue;
        if (other->person) {
            if (other->person == excluded || !model.mayJoin(face, other->person)) continue;
            if (!nearest.count(other->person)) nearest[other->person] = n.distance;
        } else if (other->pooled && !pooledMatch && other->photo != face.photo &&
                   !model.cannotLink(face.id, other->id)) {
            pooledMatch = other;
            pooledDistance = n.distance;
        }
    }
    // The two nearest persons (ties: the lower id, first in the map).
    Id best = 0, second = 0;
    float d1 = 0, d2 = 0;
    for (const auto& [person, d] : nearest) {
        if (!best || d < d1) {
            second = best, d2 = d1;
            best = person, d1 = d;
        } else if (!second || d < d2) {
            second = person, d2 = d;
        }
    }
    Placement p;
    if (best && d1 <= s.samePerson) {
        const float rival = second ? sameProbability(d2, s) : 0.f;
        p.person = best;
        p.distance = d1;
        p.confidence = sameProbability(d1, s) * (1 - rival);
        const bool clear = d1 <= s.strictLink && (!second || d2 > s.samePerson);
        p.kind = clear ? Case::Confident : Case::Ambiguous;
        return p;
    }
    // Nobody close: the pool, where two faces that clearly agree make a new person at once.
    if (pooledMatch && pooledDistance <= s.strictLink) {
        p.joinsPooled = pooledMatch->id;
        p.distance = pooledDistance;
        p.confidence = sameProbability(pooledDistance, s);
    }
    return p;
}

}  // namespace kith::people
