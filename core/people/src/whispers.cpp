// Chinese Whispers (Biemann 2006): each group takes the label its neighbours weigh most, until
// the labels settle. The groups humans made are its nodes; the clusters it finds are joined only
// where their decisions allow.
#include <algorithm>
#include <map>
#include <random>

#include "grouping_methods.h"

namespace kith::people {
namespace {

constexpr int kRounds = 30;
constexpr unsigned kSeed = 20061;  // the order of the rounds: fixed, so the result is too

struct WeightedEdge {
    std::size_t to;
    double weight;
};

}  // namespace

void chineseWhispers(GroupSet& groups, const std::vector<Edge>& edges, const Settings& s) {
    const std::vector<std::size_t> nodes = groups.roots();
    std::vector<std::size_t> nodeOf(groups.count());
    for (std::size_t i = 0; i < nodes.size(); ++i)
        nodeOf[nodes[i]] = i;
    // Edges between groups: similarity (1 - distance) summed over their faces' edges.
    std::vector<std::map<std::size_t, double>> weights(nodes.size());
    std::vector<Edge> within;
    for (const Edge& e : edges) {
        if (e.distance > s.strictGroup) break;  // shortest first
        const std::size_t a = nodeOf[groups.find(e.a)], b = nodeOf[groups.find(e.b)];
        if (a == b) continue;
        weights[a][b] += 1.0 - e.distance;
        weights[b][a] += 1.0 - e.distance;
        within.push_back(e);
    }
    std::vector<std::vector<WeightedEdge>> adjacent(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (const auto& [j, w] : weights[i])
            adjacent[i].push_back({j, w});

    std::vector<std::size_t> label(nodes.size());
    for (std::size_t i = 0; i < label.size(); ++i)
        label[i] = i;
    std::vector<std::size_t> order = label;
    std::mt19937 random(kSeed);
    std::map<std::size_t, double> votes;
    for (int round = 0; round < kRounds; ++round) {
        // A Fisher-Yates shuffle on the generator's own output: the same order on every platform.
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[random() % i]);
        bool changed = false;
        for (std::size_t node : order) {
            if (adjacent[node].empty()) continue;
            votes.clear();
            for (const WeightedEdge& e : adjacent[node])
                votes[label[e.to]] += e.weight;
            std::size_t best = label[node];
            double bestWeight = -1;
            for (const auto& [l, w] : votes)  // ties: the lowest label, first in the map
                if (w > bestWeight) best = l, bestWeight = w;
            if (best != label[node]) {
                label[node] = best;
                changed = true;
            }
        }
        if (!changed) break;
    }
    // Each cluster joined along its own edges, strongest first, where decisions allow.
    for (const Edge& e : within) {
        const std::size_t a = groups.find(e.a), b = groups.find(e.b);
        // Roots stay among the original nodes: a join keeps one of the two.
        if (a == b || label[nodeOf[a]] != label[nodeOf[b]]) continue;
        if (groups.canMerge(a, b)) groups.merge(a, b);
    }
}

}  // namespace kith::people
