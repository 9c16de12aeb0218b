#include <map>
#include <stdexcept>

#include "kith/eval.h"

namespace kith::eval {
namespace {

double f1(double precision, double recall) {
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
}

}  // namespace

ClusteringReport evaluateClustering(const std::vector<std::int64_t>& predicted,
                                    const std::vector<std::string>& truth) {
    if (predicted.size() != truth.size())
        throw std::invalid_argument("evaluateClustering: one label per item");
    ClusteringReport r;
    r.items = predicted.size();
    if (r.items == 0) return r;
    // Items in no cluster each get a cluster of their own, below every real one.
    std::vector<std::int64_t> cluster(predicted);
    std::int64_t lonely = -1;
    for (auto& c : cluster)
        if (c < 0) c = lonely--;
    std::map<std::int64_t, std::size_t> clusterSize;
    std::map<std::string, std::size_t> identitySize;
    std::map<std::pair<std::int64_t, std::string>, std::size_t> both;
    for (std::size_t i = 0; i < r.items; ++i) {
        ++clusterSize[cluster[i]];
        ++identitySize[truth[i]];
        ++both[{cluster[i], truth[i]}];
    }
    r.clusters = clusterSize.size();
    r.identities = identitySize.size();

    auto pairs = [](std::size_t n) { return static_cast<double>(n) * (n - 1) / 2; };
    double together = 0, sameIdentity = 0, correct = 0;
    for (const auto& [c, n] : clusterSize)
        together += pairs(n);
    for (const auto& [l, n] : identitySize)
        sameIdentity += pairs(n);
    for (const auto& [key, n] : both)
        correct += pairs(n);
    r.pairwisePrecision = together > 0 ? correct / together : 1;
    r.pairwiseRecall = sameIdentity > 0 ? correct / sameIdentity : 1;
    r.pairwiseF1 = f1(r.pairwisePrecision, r.pairwiseRecall);

    double precision = 0, recall = 0;
    for (std::size_t i = 0; i < r.items; ++i) {
        const double overlap = static_cast<double>(both[{cluster[i], truth[i]}]);
        precision += overlap / static_cast<double>(clusterSize[cluster[i]]);
        recall += overlap / static_cast<double>(identitySize[truth[i]]);
    }
    r.bcubedPrecision = precision / static_cast<double>(r.items);
    r.bcubedRecall = recall / static_cast<double>(r.items);
    r.bcubedF1 = f1(r.bcubedPrecision, r.bcubedRecall);
    return r;
}

}  // namespace kith::eval
