// kith-cli: Kith without a window. Wires the command table to core; computes nothing itself.
#include <algorithm>
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

// `kith-cli --library L scan DIR` and `kith-cli scan --library L DIR` mean the same: options
// common to every command may come before the command's name.
std::vector<std::string> commandFirst(const std::vector<std::string>& args) {
    std::vector<std::string> leading;
    size_t i = 0;
    while (i < args.size()) {
        const auto& options = kith::cli::commonOptions();
        const auto option = std::find_if(options.begin(), options.end(), [&](const auto& o) {
            return args[i] == "--" + o.name || args[i].rfind("--" + o.name + "=", 0) == 0;
        });
        if (option == options.end() || option->name == "help") break;
        const bool separateValue = !option->value.empty() && args[i].find('=') == std::string::npos;
        leading.push_back(args[i++]);
        if (separateValue && i < args.size()) leading.push_back(args[i++]);
    }
    if (i >= args.size()) return leading;
    std::vector<std::string> reordered = {args[i]};
    reordered.insert(reordered.end(), leading.begin(), leading.end());
    reordered.insert(reordered.end(), args.begin() + static_cast<long>(i) + 1, args.end());
    return reordered;
}

}  // namespace

int main(int argc, char** argv) {
    kith::people::useSingleThreadedBlas();
    const std::vector<std::string> args =
        commandFirst(std::vector<std::string>(argv + 1, argv + argc));
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printOverview();
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "kith-cli " KITH_VERSION "\n";
        return 0;
    }
    for (const auto* command : commands()) {
        if (command->spec.name != args[0]) continue;
        const auto parsed = kith::cli::parseArguments(
            command->spec, std::vector<std::string>(args.begin() + 1, args.end()));
        if (!parsed) return 2;
        if (parsed->has("help")) {
            std::cout << kith::cli::helpText(command->spec);
            return 0;
        }
        return command->run(*parsed);
    }
    kith::cli::reportError("unknown command '" + args[0] + "' (see kith-cli --help)");
    return 2;
}
