// The history as a person reads it: each decision a sentence that speaks of people by name (or
// as an unnamed person with so many faces), and the faces it was about. No ids, no raw records.
#pragma once

#include <QString>
#include <vector>

#include "kith/people.h"

namespace kith::ui {

/// A decision as a sentence, in the past tense ("Kept Ann and an unnamed person with 3 faces
/// apart", "Moved 2 faces to Bea"); also for a damaged row.
QString decisionSentence(const people::PeopleEngine& engine, const store::Decision& decision);

/// The faces a decision was about: its own faces, else the faces that stand for its people;
/// at most `limit`, each once. Empty for decisions about no one (a re-cluster).
std::vector<store::Id> decisionFaces(const people::PeopleEngine& engine,
                                     const store::Decision& decision, std::size_t limit);

}  // namespace kith::ui
