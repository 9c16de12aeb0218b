// kith::quality — Kith measured against labelled photos: which face of each labelled photo is
// the labelled one, how the people engine's grouping scores against the labels, and an oracle
// user who answers the review queue from the labels, as a careful person would.
//
// Thread-safety: plain functions over objects the caller owns.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kith/common/result.h"
#include "kith/eval.h"
#include "kith/people.h"
#include "kith/store.h"

namespace kith::quality {

struct LabelledFace {
    store::Id face = 0;
    std::string identity;
    std::filesystem::path photo;
};

/// For each row of a labels file (`file,identity[,more columns]`, paths relative to `root`), the
/// largest face of that photo in the library. Errors: the file cannot be read; a labelled photo is
/// not in the library (scan it first); a labelled photo has no face (it is reported, and skipped).
Result<std::vector<LabelledFace>> labelledFaces(store::Library& library,
                                                const std::filesystem::path& labels,
                                                const std::filesystem::path& root,
                                                std::vector<std::string>* problems = nullptr);

struct PeopleScore {
    eval::ClusteringReport clustering;
    double autoAssigned = 0;  // share of labelled faces in a person (not left unassigned)
};

PeopleScore scorePeople(const people::PeopleEngine& engine, const std::vector<LabelledFace>& faces);

struct OracleReport {
    std::size_t answers = 0;     // answers given (skips of questions it cannot judge excluded)
    long answersToPerfect = -1;  // answers it took to reach BCubed F1 = 1.0; -1 if never
    double initialBcubedF1 = 0;
    double finalBcubedF1 = 0;
    std::vector<std::string> transcript;  // each question and answer, in order
    std::vector<double> bcubedAfter;      // BCubed F1 after each answer

    /// Answers it took to reach BCubed F1 >= `f1` (0 when it started there); -1 if never.
    long answersToReach(double f1) const;
};

/// Answers the review queue from the labels until BCubed F1 is 1.0, the queue is empty,
/// `maxAnswers` were given, or 30 answers in a row changed nothing (names given count as
/// answers, not as answers that changed nothing). "Two people?": yes when the
/// two parts shown carry different identities (by most of their labelled faces). Merge prompts: yes
/// when the two persons' labelled faces carry the same identity; "is this X?": yes when the face's
/// identity is X's; "who is this?": the identity of the face shown (else of most faces) as
/// name, or a merge into the person already bearing it, after "not this person" for each face
/// of another identity (one answer each). Questions about faces without a label are skipped.
Result<OracleReport> runOracle(people::PeopleEngine& engine, const std::vector<LabelledFace>& faces,
                               std::size_t maxAnswers);

}  // namespace kith::quality
