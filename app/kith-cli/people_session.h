// The library and its people engine, opened together for a people command.
#pragma once

#include <memory>
#include <optional>

#include "cli.h"
#include "kith/people.h"

namespace kith::cli {

struct PeopleSession {
    std::unique_ptr<store::Library> library;
    std::unique_ptr<people::PeopleEngine> engine;
};

/// Opens the library for writing and its engine, and brings people up to date with the last
/// scan. With `readOnlyIfBusy`, a library another process is writing is opened for reading
/// (people as of its last update) instead of failing. Prints the error and returns nothing on
/// failure.
std::optional<PeopleSession> openPeople(const Arguments& args, bool readOnlyIfBusy = false);

/// The engine's settings from --method (two-pass, average, hdbscan or whispers).
std::optional<people::Settings> peopleSettings(const Arguments& args);

}  // namespace kith::cli
