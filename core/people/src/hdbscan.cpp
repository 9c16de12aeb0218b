// HDBSCAN (Campello, Moulavi, Sander 2013) over the neighbour graph, with the groups humans made
// as its atoms and every join checked against their decisions.
#include <algorithm>
#include <limits>

#include "grouping_methods.h"

namespace kith::people {
namespace {

// The points of an atom (a group a human made, or one face) leave their cluster together; an
// atom that is a cluster on its own never dissolves: it leaves at a density no two faces of
// different people reach (two faces 0.1 apart).
constexpr double kAtomLambda = 10.0;

struct TreeNode {
    std::size_t left = 0, right = 0;  // children (internal nodes only)
    double lambda = 0;                // 1 / the distance at which the children joined
    std::size_t size = 0;             // faces under it
    std::size_t atom = 0;             // leaves: the GroupSet root it stands for
    bool leaf = true;
};

// The single-linkage tree of the atoms under mutual reachability, built by Kruskal on a copy of
// the groups so that a join a human decision forbids is never made. A forest: groups never joined
// within the graph's reach stay apart.
struct Dendrogram {
    std::vector<TreeNode> nodes;
    std::vector<std::size_t> roots;
};

Dendrogram singleLinkageTree(GroupSet groups, const std::vector<Edge>& edges, const Settings& s) {
    // Core distances: the distance to a face's (min samples - 1)-th nearest neighbour.
    const std::size_t n = groups.count();
    std::vector<std::vector<float>> near(n);
    for (const Edge& e : edges) {
        near[e.a].push_back(e.distance);
        near[e.b].push_back(e.distance);
    }
    const auto kth = static_cast<std::size_t>(std::max(0, s.hdbscanMinSamples - 1));
    std::vector<float> core(n, 0.f);
    if (kth > 0)
        for (std::size_t i = 0; i < n; ++i) {
            auto& d = near[i];
            std::sort(d.begin(), d.end());
            core[i] = d.size() >= kth ? d[kth - 1] : s.samePerson;
        }
    std::vector<Edge> reach = edges;
    for (Edge& e : reach)
        e.distance = std::max({e.distance, core[e.a], core[e.b]});
    std::stable_sort(reach.begin(), reach.end(),
                     [](const Edge& x, const Edge& y) { return x.distance < y.distance; });

    Dendrogram tree;
    std::vector<std::size_t> nodeOf(n, 0);  // per GroupSet root: its tree node
    for (std::size_t root : groups.roots()) {
        nodeOf[root] = tree.nodes.size();
        tree.nodes.push_back({0, 0, 0, groups.size(root), root, true});
    }
    for (const Edge& e : reach) {
        const std::size_t a = groups.find(e.a), b = groups.find(e.b);
        if (a == b || !groups.canMerge(a, b)) continue;
        const std::size_t left = nodeOf[a], right = nodeOf[b];
        const std::size_t joined = groups.merge(a, b);
        nodeOf[joined] = tree.nodes.size();
        const double lambda = e.distance > 0 ? 1.0 / e.distance : kAtomLambda;
        tree.nodes.push_back({left, right, std::min(lambda, kAtomLambda),
                              tree.nodes[left].size + tree.nodes[right].size, 0, false});
    }
    for (std::size_t root : groups.roots())
        tree.roots.push_back(nodeOf[root]);
    return tree;
}

// The condensed tree's clusters: where each is born, its stability, its child clusters.
struct Cluster {
    std::size_t node;  // the tree node it is
    double birth;      // lambda
    double stability = 0;
    std::vector<std::size_t> children;
};

// Walks a component top down: a split into two parts of at least min cluster size makes two new
// clusters; smaller parts fall out of the cluster they were in, adding to its stability.
void condense(const Dendrogram& tree, std::size_t top, double birth, std::size_t minSize,
              std::vector<Cluster>& clusters) {
    std::vector<std::pair<std::size_t, std::size_t>> stack;  // (node, cluster)
    clusters.push_back({top, birth, 0, {}});
    stack.push_back({top, clusters.size() - 1});
    while (!stack.empty()) {
        const auto [at, cluster] = stack.back();
        stack.pop_back();
        const TreeNode& node = tree.nodes[at];
        if (node.leaf) {  // an atom that is the cluster itself: stays to the end
            clusters[cluster].stability +=
                (kAtomLambda - clusters[cluster].birth) * static_cast<double>(node.size);
            continue;
        }
        const bool bigLeft = tree.nodes[node.left].size >= minSize;
        const bool bigRight = tree.nodes[node.right].size >= minSize;
        if (bigLeft && bigRight) {
            for (std::size_t child : {node.left, node.right}) {
                clusters.push_back({child, node.lambda, 0, {}});
                clusters[cluster].children.push_back(clusters.size() - 1);
                stack.push_back({child, clusters.size() - 1});
            }
            continue;
        }
        for (std::size_t child : {node.left, node.right}) {
            if (tree.nodes[child].size >= minSize) {
                stack.push_back({child, cluster});  // the cluster goes on as this part
            } else {
                clusters[cluster].stability += (node.lambda - clusters[cluster].birth) *
                                               static_cast<double>(tree.nodes[child].size);
            }
        }
    }
}

// Excess of mass: a cluster is kept unless its descendants together are more stable.
std::vector<std::size_t> selectClusters(std::vector<Cluster>& clusters, std::size_t first) {
    std::vector<double> best(clusters.size(), 0);
    std::vector<bool> keep(clusters.size(), false);
    for (std::size_t i = clusters.size(); i-- > first;) {  // children come after parents
        double below = 0;
        for (std::size_t c : clusters[i].children)
            below += best[c];
        keep[i] = clusters[i].children.empty() || clusters[i].stability >= below;
        best[i] = keep[i] ? clusters[i].stability : below;
    }
    std::vector<std::size_t> chosen, stack{first};
    while (!stack.empty()) {
        const std::size_t c = stack.back();
        stack.pop_back();
        if (keep[c]) {
            chosen.push_back(c);
        } else {
            stack.insert(stack.end(), clusters[c].children.begin(), clusters[c].children.end());
        }
    }
    return chosen;
}

std::vector<std::size_t> atomsUnder(const Dendrogram& tree, std::size_t top) {
    std::vector<std::size_t> atoms, stack{top};
    while (!stack.empty()) {
        const TreeNode& node = tree.nodes[stack.back()];
        stack.pop_back();
        if (node.leaf) {
            atoms.push_back(node.atom);
        } else {
            stack.push_back(node.left);
            stack.push_back(node.right);
        }
    }
    return atoms;
}

}  // namespace

void hdbscan(GroupSet& groups, const std::vector<Edge>& edges, const Settings& s) {
    const Dendrogram tree = singleLinkageTree(groups, edges, s);
    const auto minSize = static_cast<std::size_t>(std::max(2, s.hdbscanMinClusterSize));
    // Components are born where the graph ends: nothing is joined beyond its reach.
    const double birth = 1.0 / s.samePerson;
    for (std::size_t top : tree.roots) {
        if (tree.nodes[top].size < minSize) continue;  // noise: each atom stays apart
        std::vector<Cluster> clusters;
        condense(tree, top, birth, minSize, clusters);
        for (std::size_t chosen : selectClusters(clusters, 0)) {
            // Atoms of one component were all allowed to join, in the tree's order; any subset
            // of them may (no decision forbids a pair of them).
            const auto atoms = atomsUnder(tree, clusters[chosen].node);
            std::size_t root = groups.find(atoms.front());
            for (std::size_t i = 1; i < atoms.size(); ++i)
                root = groups.merge(root, groups.find(atoms[i]));
        }
    }
    // Below min cluster size is noise to HDBSCAN; to people it is the pool, where two faces that
    // clearly agree are one person (as a new face makes one with a pooled face).
    for (const Edge& e : edges) {
        if (e.distance > s.strictGroup) break;
        const std::size_t a = groups.find(e.a), b = groups.find(e.b);
        if (a != b && groups.size(a) == 1 && groups.size(b) == 1 && groups.canMerge(a, b))
            groups.merge(a, b);
    }
}

}  // namespace kith::people
