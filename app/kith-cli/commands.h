// kith-cli's commands: each declares the arguments it takes and runs with them.
#pragma once

#include <vector>

#include "cli.h"

namespace kith::cli {

const Command& scanCommand();
const Command& statusCommand();
const Command& foldersCommand();
const Command& detectCommand();
const Command& evalPairsCommand();
const Command& evalCommand();
const Command& exportXmpCommand();
const std::vector<Command>& peopleCommands();

}  // namespace kith::cli
