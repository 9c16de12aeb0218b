#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"

namespace kith::cli {
namespace {

struct StatusArguments {
    bool errors = false;
    bool json = false;
};

void bindStatus(CLI::App& app, StatusArguments& args) {
    app.add_flag("--errors", args.errors, "list every photo that could not be read, and why");
    app.add_flag("--json", args.json, "one JSON object instead of text");
}

int runStatus(const CommonOptions& common, const StatusArguments& args) {
    auto library = openLibrary(common, store::Access::ReadOnly);
    if (!library) return 1;
    const auto counts = library->counts();
    if (!counts.ok()) {
        reportError(counts.error().describe());
        return 1;
    }
    const store::Counts& c = counts.value();
    std::vector<store::PhotoError> errors;
    if (args.errors) {
        auto listed = library->errors();
        if (!listed.ok()) {
            reportError(listed.error().describe());
            return 1;
        }
        errors = std::move(listed.value());
    }
    if (args.json) {
        nlohmann::json out = {{"library", printable(library->file().string())},
                              {"schema", library->schemaVersion()},
                              {"folders", c.folders},
                              {"photos", c.photos},
                              {"faces", c.faces},
                              {"errors", c.errors},
                              {"pending", c.pending},
                              {"persons", c.persons}};
        if (args.errors) {
            out["error_list"] = nlohmann::json::array();
            for (const auto& e : errors)
                out["error_list"].push_back({{"file", printable(e.path.string())},
                                             {"code", e.code},
                                             {"error", printable(e.message)}});
        }
        std::cout << out.dump() << "\n";
        return 0;
    }
    std::cout << "Library " << printable(library->file().string()) << "\n"
              << "  " << c.folders << (c.folders == 1 ? " folder, " : " folders, ") << c.photos
              << " photos, " << c.faces << " faces, " << c.persons << " people\n"
              << "  " << c.pending << " waiting to be analysed, " << c.errors
              << " could not be read" << (c.errors && !args.errors ? " (see --errors)" : "")
              << "\n";
    for (const auto& e : errors)
        std::cout << printable(e.path.string()) << ": " << printable(e.message) << " [" << e.code
                  << "]\n";
    return 0;
}

}  // namespace

const Command& statusCommand() {
    static const Command command{
        {"status",
         "Show what the library holds: folders, photos, faces, and files that could not be read.",
         "kith-cli [--library PATH] status [--errors] [--json]",
         "Counts the library's folders, photos, faces and people, the photos still waiting to be "
         "analysed, and those that could not be read. With --errors, lists each of those with the "
         "reason. With --json, prints one object with the integer keys folders, photos, faces, "
         "errors, pending and persons (and error_list with --errors).",
         "kith-cli status --errors"},
        declareWith<StatusArguments>(bindStatus, runStatus)};
    return command;
}

}  // namespace kith::cli
