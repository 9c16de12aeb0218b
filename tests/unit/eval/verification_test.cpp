#include <catch2/catch.hpp>
#include <cmath>

#include "kith/eval.h"

using namespace kith::eval;

TEST_CASE("accuracy counts both kinds of error at the threshold", "[eval]") {
    const std::vector<ScoredPair> pairs = {
        {0.2f, true},
        {0.5f, true},  // the second is a false non-match at 0.4
        {0.3f, false},
        {0.9f, false}  // the first is a false match
    };
    const auto report = evaluateVerification(pairs, 0.4f);
    CHECK(report.pairs == 4);
    CHECK(report.falseMatches == 1);
    CHECK(report.falseNonMatches == 1);
    CHECK(report.accuracy == Approx(0.5));
}

TEST_CASE("ROC AUC is the chance a same pair is closer than a different pair, ties half",
          "[eval]") {
    CHECK(rocAuc({{0.1f, true}, {0.2f, true}, {0.5f, false}}) == Approx(1.0));
    CHECK(rocAuc({{0.6f, true}, {0.5f, false}}) == Approx(0.0));
    CHECK(rocAuc({{0.5f, true}, {0.5f, false}}) == Approx(0.5));
    CHECK(rocAuc({{0.1f, true}, {0.7f, true}, {0.5f, false}}) == Approx(0.5));
}

TEST_CASE("a pair without a face is a wrong answer and ranks worst", "[eval]") {
    const float none = std::nanf("");
    const std::vector<ScoredPair> pairs = {
        {none, true}, {0.1f, true}, {0.8f, false}, {none, false}};
    const auto report = evaluateVerification(pairs, 0.4f);
    CHECK(report.unscorable == 2);
    CHECK(report.accuracy == Approx(0.5));
    // same-without-face loses to both differents; the scorable same beats the scorable
    // different and loses to different-without-face: (0 + 1) / 4.
    CHECK(report.rocAuc == Approx(0.25));
}

TEST_CASE("a perfect clustering scores 1 everywhere", "[eval]") {
    const auto r = evaluateClustering({1, 1, 2, 2, 2}, {"a", "a", "b", "b", "b"});
    CHECK(r.pairwisePrecision == 1);
    CHECK(r.pairwiseRecall == 1);
    CHECK(r.bcubedF1 == 1);
    CHECK(r.clusters == 2);
    CHECK(r.identities == 2);
}

TEST_CASE("a split identity costs recall, a merged one precision", "[eval]") {
    // "a" split in two clusters: precision stays 1.
    const auto split = evaluateClustering({1, 1, 2, 3, 3}, {"a", "a", "a", "b", "b"});
    CHECK(split.pairwisePrecision == 1);
    CHECK(split.pairwiseRecall == Approx(2.0 / 4.0));  // 1 of a's 3 pairs and b's 1 pair
    // BCubed recall: a-items 2/3, 2/3, 1/3; b-items 1, 1.
    CHECK(split.bcubedRecall == Approx((2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1 + 1) / 5));
    CHECK(split.bcubedPrecision == 1);
    // Two identities in one cluster.
    const auto merged = evaluateClustering({1, 1, 1}, {"a", "a", "b"});
    CHECK(merged.pairwisePrecision == Approx(1.0 / 3));
    CHECK(merged.bcubedRecall == 1);
    CHECK(merged.bcubedPrecision == Approx((2.0 / 3 + 2.0 / 3 + 1.0 / 3) / 3));
}

TEST_CASE("faces in no cluster are clusters of their own", "[eval]") {
    const auto r = evaluateClustering({-1, -1, 5}, {"a", "a", "b"});
    CHECK(r.clusters == 3);
    CHECK(r.pairwisePrecision == 1);  // no pair claimed
    CHECK(r.pairwiseRecall == 0);
}
