// kith::eval — how good Kith is, measured: face verification on labelled pairs (accuracy at a
// threshold, ROC AUC) and clustering against identity labels (pairwise and BCubed precision,
// recall, F1). Pure computations on numbers; reading photos is the caller's business.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kith::eval {

/// One labelled pair. `distance` is NaN when it could not be computed (a photo without a face):
/// such a pair counts as a wrong answer at every threshold.
struct ScoredPair {
    float distance;
    bool samePerson;
};

struct VerificationReport {
    std::size_t pairs = 0;
    std::size_t unscorable = 0;       // pairs with a NaN distance
    std::size_t falseMatches = 0;     // different people at distance <= threshold
    std::size_t falseNonMatches = 0;  // same person at distance > threshold (or unscorable)
    double accuracy = 0;              // at the threshold
    double rocAuc = 0;                // threshold-free: P(d_same < d_different), ties count half
    float threshold = 0;
};

/// Scores pairs at `threshold` (same person when distance <= threshold).
VerificationReport evaluateVerification(const std::vector<ScoredPair>& pairs, float threshold);

/// The area under the ROC curve, unscorable pairs ranked worst (a same-person pair beyond every
/// distance, a different-person pair below every distance).
double rocAuc(const std::vector<ScoredPair>& pairs);

struct ClusteringReport {
    std::size_t items = 0;
    std::size_t clusters = 0;    // distinct predicted clusters among the items
    std::size_t identities = 0;  // distinct true labels
    double pairwisePrecision = 0, pairwiseRecall = 0, pairwiseF1 = 0;
    double bcubedPrecision = 0, bcubedRecall = 0, bcubedF1 = 0;
};

/// Scores a clustering of labelled items. `predicted[i]` is item i's cluster; a negative value
/// means "in no cluster" and makes the item a cluster of its own. `truth[i]` is its identity.
/// Pairwise precision is 1 when no two items share a cluster (nothing claimed, nothing wrong).
ClusteringReport evaluateClustering(const std::vector<std::int64_t>& predicted,
                                    const std::vector<std::string>& truth);

}  // namespace kith::eval
