// Average linkage over the neighbour graph, and the two-pass grouping built on it.
#include <algorithm>
#include <queue>
#include <tuple>
#include <unordered_map>

#include "grouping_methods.h"

namespace kith::people {

std::vector<Edge> neighbourGraph(const FaceIndex& index, const std::vector<const FaceNode*>& faces,
                                 int k, float maxDistance) {
    std::unordered_map<Id, std::size_t> at;
    std::vector<float> queries;
    queries.reserve(faces.size() * store::kEmbeddingSize);
    for (std::size_t i = 0; i < faces.size(); ++i) {
        at[faces[i]->id] = i;
        queries.insert(queries.end(), faces[i]->embedding.begin(), faces[i]->embedding.end());
    }
    const auto found = index.searchMany(queries, k + 1);
    std::vector<Edge> edges;
    for (std::size_t i = 0; i < faces.size(); ++i)
        for (const Neighbour& n : found[i]) {
            const auto it = at.find(n.face);
            if (it == at.end() || it->second == i || n.distance > maxDistance) continue;
            edges.push_back({n.distance, std::min(i, it->second), std::max(i, it->second)});
        }
    auto key = [](const Edge& e) { return std::tie(e.distance, e.a, e.b); };
    std::sort(edges.begin(), edges.end(),
              [&](const Edge& x, const Edge& y) { return key(x) < key(y); });
    edges.erase(std::unique(edges.begin(), edges.end(),
                            [](const Edge& x, const Edge& y) { return x.a == y.a && x.b == y.b; }),
                edges.end());
    return edges;
}

namespace {

// A pair of groups that may be joined, as it was when measured (versions: how many joins each
// group had taken part in).
struct Candidate {
    double margin;
    std::size_t a, b;
    unsigned versionA, versionB;
    bool operator<(const Candidate& o) const {  // the heap's top: the largest margin
        return std::tie(margin, o.a, o.b) < std::tie(o.margin, a, b);
    }
};

class Agglomeration {
  public:
    Agglomeration(GroupSet& groups, const std::vector<Edge>& edges, const JoinRule& rule)
        : groups_(groups),
          rule_(rule),
          adjacent_(groups.count()),
          version_(groups.count(), 0),
          stamp_(groups.count(), 0) {
        for (const Edge& e : edges) {
            adjacent_[groups_.find(e.a)].push_back(e.b);
            adjacent_[groups_.find(e.b)].push_back(e.a);
        }
    }

    void run() {
        for (std::size_t root : groups_.roots())
            measure(root);
        while (!heap_.empty()) {
            const Candidate c = heap_.top();
            heap_.pop();
            if (groups_.find(c.a) != c.a || groups_.find(c.b) != c.b ||
                version_[c.a] != c.versionA || version_[c.b] != c.versionB)
                continue;  // one of them changed since: measured again then
            if (!groups_.canMerge(c.a, c.b)) continue;
            const std::size_t joined = groups_.merge(c.a, c.b);
            const std::size_t gone = joined == c.a ? c.b : c.a;
            auto& into = adjacent_[joined];
            into.insert(into.end(), adjacent_[gone].begin(), adjacent_[gone].end());
            adjacent_[gone] = {};
            ++version_[joined];
            measure(joined);
        }
    }

  private:
    // Brings a group's neighbours up to date (each neighbouring group once) and queues the ones
    // it may join.
    void measure(std::size_t root) {
        ++clock_;
        stamp_[root] = clock_;
        std::vector<std::size_t> unique;
        for (std::size_t face : adjacent_[root]) {
            const std::size_t other = groups_.find(face);
            if (stamp_[other] == clock_) continue;
            stamp_[other] = clock_;
            unique.push_back(other);
        }
        adjacent_[root] = unique;
        for (std::size_t other : unique) {
            const double margin = rule_.margin(groups_.sums(root), groups_.spread(root),
                                               groups_.sums(other), groups_.spread(other));
            if (margin < 0) continue;
            const std::size_t a = std::min(root, other), b = std::max(root, other);
            heap_.push({margin, a, b, version_[a], version_[b]});
        }
    }

    GroupSet& groups_;
    const JoinRule& rule_;
    std::vector<std::vector<std::size_t>> adjacent_;  // per root: faces of neighbouring groups
    std::vector<unsigned> version_;
    std::vector<unsigned> stamp_;
    unsigned clock_ = 0;
    std::priority_queue<Candidate> heap_;
};

}  // namespace

void agglomerate(GroupSet& groups, const std::vector<Edge>& edges, const JoinRule& rule) {
    Agglomeration(groups, edges, rule).run();
}

Spread twoPassLinkage(GroupSet& groups, const std::vector<Edge>& edges, const Settings& s) {
    agglomerate(groups, edges, JoinRule::fixed(s.strictGroup));
    const Spread spread = measureSpread(groups.allSums());
    // Judged by the strict groups' own spreads: two people joined do not make a loose group that
    // takes in the next look-alike.
    groups.freezeSpreads();
    agglomerate(groups, edges, JoinRule(s, spread));
    return spread;
}

}  // namespace kith::people
