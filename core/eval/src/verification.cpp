#include <algorithm>
#include <cmath>
#include <limits>

#include "kith/eval.h"

namespace kith::eval {

VerificationReport evaluateVerification(const std::vector<ScoredPair>& pairs, float threshold) {
    VerificationReport report;
    report.pairs = pairs.size();
    report.threshold = threshold;
    std::size_t correct = 0;
    for (const ScoredPair& p : pairs) {
        if (std::isnan(p.distance)) {
            ++report.unscorable;
            if (p.samePerson)
                ++report.falseNonMatches;
            else
                ++report.falseMatches;
            continue;
        }
        const bool saidSame = p.distance <= threshold;
        if (saidSame == p.samePerson)
            ++correct;
        else if (saidSame)
            ++report.falseMatches;
        else
            ++report.falseNonMatches;
    }
    report.accuracy = pairs.empty() ? 0 : static_cast<double>(correct) / pairs.size();
    report.rocAuc = rocAuc(pairs);
    return report;
}

double rocAuc(const std::vector<ScoredPair>& pairs) {
    constexpr float kInf = std::numeric_limits<float>::infinity();
    std::vector<float> same, different;
    for (const ScoredPair& p : pairs) {
        if (p.samePerson)
            same.push_back(std::isnan(p.distance) ? kInf : p.distance);
        else
            different.push_back(std::isnan(p.distance) ? -kInf : p.distance);
    }
    if (same.empty() || different.empty()) return 0;
    std::sort(different.begin(), different.end());
    // For each same-person distance: different-person pairs strictly farther count 1, ties 1/2.
    double wins = 0;
    for (float d : same) {
        const auto lower = std::lower_bound(different.begin(), different.end(), d);
        const auto upper = std::upper_bound(different.begin(), different.end(), d);
        wins +=
            static_cast<double>(different.end() - upper) + 0.5 * static_cast<double>(upper - lower);
    }
    return wins / (static_cast<double>(same.size()) * different.size());
}

}  // namespace kith::eval
