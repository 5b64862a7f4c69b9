#pragma once

#include <string>

#include "cli_spec.h"

namespace tinychat::cli {

/// tinychat(1) in roff, from the command line's spec: the options as --help lists them, the
/// subcommands, and --help's closing text (examples, keys, exit status) as sections.
std::string man_page(const CliSpec& spec, const std::string& version);

}  // namespace tinychat::cli
