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
/// scan. With `readOnlyIfBusy`, a library it cannot open for writing (another process writing it,
/// a folder this user cannot write) is opened for reading (people as of its last update) instead
/// of failing. Prints the error and returns nothing on failure.
std::optional<PeopleSession> openPeople(const CommonOptions& common,
                                        const people::Settings& settings,
                                        bool readOnlyIfBusy = false);

/// Adds --method (two-pass, average, hdbscan or whispers), how faces are grouped, to `app`.
void addMethodOption(CLI::App& app, people::Method& method);

}  // namespace kith::cli
