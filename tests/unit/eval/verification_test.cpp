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
