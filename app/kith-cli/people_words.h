// The people commands' words: what the engine returns as data (kinds, ids, names), said in
// English sentences. People are spoken of by name, or as an unnamed person with so many faces.
#pragma once

#include <string>

#include "kith/people.h"

namespace kith::cli {

/// A person by name, or "an unnamed person with N faces"; "a person no longer here" for an id
/// the engine does not know (merged away, say).
std::string personWords(const people::PeopleEngine& engine, store::Id person);
/// The question a review item asks.
std::string questionOf(const people::PeopleEngine& engine, const people::ReviewItem& item);
/// What a decision of the history did; also for a damaged row.
std::string describe(const people::PeopleEngine& engine, const store::Decision& decision);
/// What an answer did.
std::string answeredWords(const people::PeopleEngine& engine, const people::Answered& answered);
/// What an undo did.
std::string undoneWords(const people::PeopleEngine& engine, const people::Undone& undone);

}  // namespace kith::cli
