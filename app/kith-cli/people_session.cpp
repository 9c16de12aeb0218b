#include "people_session.h"

#include <iostream>

namespace kith::cli {

std::optional<people::Settings> peopleSettings(const Arguments& args) {
    people::Settings settings;
    if (args.has("method")) {
        const auto method = people::parseMethod(args.get("method"));
        if (!method) {
            reportError("--method must be two-pass, average, hdbscan or whispers");
            return std::nullopt;
        }
        settings.method = *method;
    }
    return settings;
}

std::optional<PeopleSession> openPeople(const Arguments& args, bool readOnlyIfBusy) {
    const auto settings = peopleSettings(args);
    if (!settings) return std::nullopt;
    const std::filesystem::path file = args.has("library")
                                           ? std::filesystem::path(args.get("library"))
                                           : store::Library::defaultPath();
    PeopleSession session;
    auto library = store::Library::open(file, store::Access::ReadWrite);
    bool writable = true;
    if (!library.ok() && library.error().code == ErrorCode::Busy && readOnlyIfBusy) {
        std::cerr << "kith-cli: " << printable(library.error().message)
                  << "; showing people as of its last update\n";
        library = store::Library::open(file, store::Access::ReadOnly);
        writable = false;
    }
    if (!library.ok()) {
        reportError(library.error().describe());
        return std::nullopt;
    }
    session.library = std::move(library.value());
    auto engine = people::PeopleEngine::open(*session.library, *settings);
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
