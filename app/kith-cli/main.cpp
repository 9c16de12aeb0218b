// kith-cli: Kith without a window. Wires the command table to core; computes nothing itself.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"

namespace {

const std::vector<const kith::cli::Command*>& commands() {
    static const std::vector<const kith::cli::Command*> all = {&kith::cli::detectCommand(),
                                                               &kith::cli::evalPairsCommand()};
    return all;
}

void printOverview() {
    std::cout << "kith-cli " KITH_VERSION " - finds the people in a photo library\n\n"
              << "Usage: kith-cli COMMAND [options] [arguments]\n\nCommands:\n";
    for (const auto* c : commands())
        std::cout << "  " << c->spec.name << std::string(14 - c->spec.name.size(), ' ')
                  << c->spec.summary << "\n";
    std::cout << "\nRun 'kith-cli COMMAND --help' for a command's options and an example.\n";
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
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
