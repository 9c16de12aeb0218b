// kith-cli: Kith without a window. Wires the command table to core; computes nothing itself.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "kith/people.h"

namespace {

const std::vector<const kith::cli::Command*>& commands() {
    static const std::vector<const kith::cli::Command*> all = [] {
        std::vector<const kith::cli::Command*> list = {
            &kith::cli::scanCommand(), &kith::cli::statusCommand(), &kith::cli::foldersCommand()};
        for (const auto& c : kith::cli::peopleCommands())
            list.push_back(&c);
        for (const auto* c : {&kith::cli::exportXmpCommand(), &kith::cli::evalCommand(),
                              &kith::cli::detectCommand(), &kith::cli::evalPairsCommand()})
            list.push_back(c);
        return list;
    }();
    return all;
}

void printOverview() {
    std::cout << "kith-cli " KITH_VERSION " - finds the people in a photo library\n\n"
              << "Usage: kith-cli COMMAND [options] [arguments]\n\n"
              << "Kith without a window: scans folders of photos into a library, finds every face\n"
              << "and groups the faces into people, and takes the same answers as the app\n"
              << "(names, merges, splits, \"not this person\"), each one undoable.\n\n"
              << "Commands:\n";
    for (const auto* c : commands())
        std::cout << "  " << c->spec.name << std::string(14 - c->spec.name.size(), ' ')
                  << c->spec.summary << "\n";
    std::cout << "\nEvery command takes --library PATH (default: ~/.local/share/kith/library.db),\n"
                 "before or after its name. Run 'kith-cli COMMAND --help' for a command's\n"
                 "options and an example; 'man kith-cli' has them all.\n\n"
                 "Examples:\n"
                 "  kith-cli scan ~/Pictures\n"
                 "  kith-cli people\n"
                 "  kith-cli review --limit 5\n"
                 "  kith-cli name 12 Anna Lindqvist\n";
}

}  // namespace

int main(int argc, char** argv) {
    kith::people::useSingleThreadedBlas();
    if (argc == 2 && std::string(argv[1]) == "--version") {
        std::cout << "kith-cli " KITH_VERSION "\n";
        return 0;
    }
    return kith::cli::runCommandLine(commands(), argc, argv, printOverview);
}
