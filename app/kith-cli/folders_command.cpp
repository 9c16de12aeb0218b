#include <ctime>
#include <iostream>

#include "commands.h"

namespace kith::cli {
namespace {

enum class FolderAction { List, Add, Remove };

struct FoldersArguments {
    FolderAction action = FolderAction::List;
    std::vector<std::filesystem::path> folders;
};

void bindFolders(CLI::App& app, FoldersArguments& args) {
    addChoice(app, "ACTION", args.action,
              std::vector<std::pair<std::string, FolderAction>>{{"list", FolderAction::List},
                                                                {"add", FolderAction::Add},
                                                                {"remove", FolderAction::Remove}},
              "what to do (default list)");
    app.add_option("DIR", args.folders, "the folders to add or remove");
}

int runFolders(const CommonOptions& common, const FoldersArguments& args) {
    if ((args.action == FolderAction::List) != args.folders.empty())
        return refuseUsage(&foldersCommand().spec,
                           "list takes no folder, add and remove one or more");
    if (args.action == FolderAction::List) {
        auto library = openLibrary(common, store::Access::ReadOnly);
        if (!library) return 1;
        auto folders = library->folders();
        if (!folders.ok()) {
            reportError(folders.error().describe());
            return 1;
        }
        for (const auto& f : folders.value()) {
            std::cout << printable(f.path.string());
            if (f.offlineSince) {
                char since[32];
                const std::time_t t = f.offlineSince;
                std::strftime(since, sizeof since, "%Y-%m-%d %H:%M", std::localtime(&t));
                std::cout << "  (offline since " << since << ": its photos are kept)";
            }
            std::cout << "\n";
        }
        return 0;
    }
    const bool add = args.action == FolderAction::Add;
    std::vector<std::filesystem::path> given;
    for (const auto& folder : args.folders) {
        std::error_code ec;
        given.push_back(std::filesystem::absolute(folder, ec).lexically_normal());
        if (add && !std::filesystem::is_directory(given.back(), ec)) {
            reportError(printable(given.back().string()) + ": not a folder; nothing added");
            return 2;
        }
    }
    auto library = openLibrary(common, store::Access::ReadWrite);
    if (!library) return 1;
    const Status changed = library->write([&](store::Library::Writer& w) {
        for (const auto& folder : given)
            if (add)
                w.addFolder(folder);
            else
                w.removeFolder(folder);
    });
    if (!changed.ok()) {
        reportError(changed.error().describe());
        return 1;
    }
    return 0;
}

}  // namespace

const Command& foldersCommand() {
    static const Command command{
        {"folders", "List, add or remove the library's folders.",
         "kith-cli [--library PATH] folders [list | add DIR... | remove DIR...]",
         "The library remembers the folders it scans. 'add' records a folder without scanning it "
         "(kith-cli scan does both); 'remove' forgets a folder and everything Kith learned from "
         "the photos under it. The photos themselves are never touched.",
         "kith-cli folders remove ~/Pictures/old-phone"},
        declareWith<FoldersArguments>(bindFolders, runFolders)};
    return command;
}

}  // namespace kith::cli
