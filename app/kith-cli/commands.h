// kith-cli's commands. Each takes the arguments after its name and returns the exit status.
#pragma once

#include <string>
#include <vector>

#include "cli.h"

namespace kith::cli {

struct Command {
    CommandSpec spec;
    int (*run)(const Arguments& args);
};

const Command& scanCommand();
const Command& statusCommand();
const Command& foldersCommand();
const Command& detectCommand();
const Command& evalPairsCommand();
const Command& evalCommand();
const Command& exportXmpCommand();
const std::vector<Command>& peopleCommands();

}  // namespace kith::cli
