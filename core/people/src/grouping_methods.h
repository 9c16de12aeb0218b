// The ways of grouping faces, each over the k-nearest-neighbour graph of the faces and each
// joining only groups a GroupSet allows (so that every human decision holds). None of them is
// single linkage: a join needs support from many faces of both sides (average linkage), a dense
// and lasting cluster (HDBSCAN), or the weight of a neighbourhood (Chinese Whispers).
#pragma once

#include <vector>

#include "face_index.h"
#include "group_set.h"
#include "kith/people.h"

namespace kith::people {

struct Edge {
    float distance;
    std::size_t a, b;  // a < b, indices into the faces being grouped
};

/// The k-nearest-neighbour graph of `faces`, edges up to `maxDistance`, shortest first, each pair
/// once.
std::vector<Edge> neighbourGraph(const FaceIndex& index, const std::vector<const FaceNode*>& faces,
                                 int k, float maxDistance);

/// Average linkage on squared distances: the pair of neighbouring groups with the largest margin
/// under `rule` is joined first, until no pair is within its limit.
void agglomerate(GroupSet& groups, const std::vector<Edge>& edges, const JoinRule& rule);

/// The default: a strict pass of average linkage (mean squared distance up to strictGroup^2),
/// the library's spread measured on its groups, then a relaxed pass joining groups no further
/// apart than their own spread allows (JoinRule). Returns the spread measured.
Spread twoPassLinkage(GroupSet& groups, const std::vector<Edge>& edges, const Settings& settings);

/// HDBSCAN over the graph: mutual reachability distances (min samples), the single-linkage tree
/// of the groups allowed to join, condensed at min cluster size, clusters chosen by excess of
/// mass. Of the faces in no chosen cluster, two within strictGroup of each other make a pair (the
/// pool's rule); the rest stay alone.
void hdbscan(GroupSet& groups, const std::vector<Edge>& edges, const Settings& settings);

/// Chinese Whispers over the graph's edges within strictGroup, weighted by similarity, in a
/// fixed pseudo-random order; each cluster found is then joined only where the GroupSet allows.
void chineseWhispers(GroupSet& groups, const std::vector<Edge>& edges, const Settings& settings);

}  // namespace kith::people
