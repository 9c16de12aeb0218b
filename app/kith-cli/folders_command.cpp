#include <ctime>
#include <iostream>

#include "commands.h"

namespace kith::cli {
namespace {

int runFolders(const Arguments& args) {
    const std::string action = args.positional.empty() ? "list" : args.positional[0];
    if (action == "list") {
        auto library = openLibrary(args, store::Access::ReadOnly);
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
    if ((action != "add" && action != "remove") || args.positional.size() < 2) {
        reportError("usage: kith-cli folders [list | add DIR... | remove DIR...]");
        return 2;
    }
    std::vector<std::filesystem::path> given;
    for (size_t i = 1; i < args.positional.size(); ++i) {
        std::error_code ec;
        given.push_back(std::filesystem::absolute(args.positional[i], ec).lexically_normal());
        if (action == "add" && !std::filesystem::is_directory(given.back(), ec)) {
            reportError(printable(given.back().string()) + ": not a folder; nothing added");
            return 2;
        }
    }
    auto library = openLibrary(args, store::Access::ReadWrite);
    if (!library) return 1;
    const Status changed = library->write([&](store::Library::Writer& w) {
        for (const auto& folder : given)
            if (action == "add")
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
        {"folders",
         "List, add or remove the library's folders.",
         "kith-cli [--library PATH] folders [list | add DIR... | remove DIR...]",
         "The library remembers the folders it scans. 'add' records a folder without scanning it "
         "(kith-cli scan does both); 'remove' forgets a folder and everything Kith learned from "
         "the photos under it. The photos themselves are never touched.",
         {},
         "kith-cli folders remove ~/Pictures/old-phone"},
        runFolders};
    return command;
}

}  // namespace kith::cli
