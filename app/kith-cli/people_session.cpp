#include "people_session.h"

#include <iostream>

namespace kith::cli {

void addMethodOption(CLI::App& app, people::Method& method) {
    std::vector<std::pair<std::string, people::Method>> methods;
    for (const people::Method m : {people::Method::TwoPass, people::Method::Average,
                                   people::Method::Hdbscan, people::Method::ChineseWhispers})
        methods.emplace_back(people::methodName(m), m);
    addChoice(app, "--method", method, methods,
              "how faces are grouped (default two-pass; docs/people.md compares them)");
}

std::optional<PeopleSession> openPeople(const CommonOptions& common,
                                        const people::Settings& settings, bool readOnlyIfBusy) {
    const std::filesystem::path file = libraryFile(common);
    PeopleSession session;
    auto library = store::Library::open(file, store::Access::ReadWrite);
    bool writable = true;
    // Another process writing it, or a folder this user cannot write (a read-only share, a
    // backup disk): what it holds can still be shown.
    if (!library.ok() && readOnlyIfBusy) {
        auto readable = store::Library::open(file, store::Access::ReadOnly);
        if (readable.ok()) {
            std::cerr << "kith-cli: " << printable(library.error().message)
                      << "; showing people as of its last update\n";
            library = std::move(readable);
            writable = false;
        }
    }
    if (!library.ok()) {
        reportError(library.error().describe());
        return std::nullopt;
    }
    session.library = std::move(library.value());
    auto engine = people::PeopleEngine::open(*session.library, settings);
    if (!engine.ok()) {
        reportError(engine.error().describe());
        return std::nullopt;
    }
    session.engine = std::move(engine.value());
    if (writable) {
        const auto updated = session.engine->update();
        if (!updated.ok()) {
            reportError(updated.error().describe());
            return std::nullopt;
        }
    }
    return session;
}

}  // namespace kith::cli
