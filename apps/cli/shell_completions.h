#pragma once

#include <string>

#include "cli_spec.h"

namespace tinychat::cli {

/// Completion scripts for tinychat's command line, from its spec: every option --help lists,
/// the subcommands, provider names after --provider and the catalog's models after --model.
/// Installed where each shell looks for them (see apps/cli/CMakeLists.txt).
std::string bash_completion(const CliSpec& spec);
std::string zsh_completion(const CliSpec& spec);
std::string fish_completion(const CliSpec& spec);

}  // namespace tinychat::cli
