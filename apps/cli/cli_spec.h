#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tinychat::cli {

/// The command line as plain data, read from the CLI11 definitions (cli_app.h), for the
/// generators of the shell completions and the man page.
struct OptionSpec {
  std::vector<std::string> names;  ///< As typed: "-p", "--provider".
  std::string value;               ///< The value's name ("PROVIDER", "FLOAT"); "" for a flag.
  std::string description;
};

struct PositionalSpec {
  std::string name;  ///< "prompt", "file".
  std::string value;
  std::string description;
  bool repeats = false;  ///< Takes any number of words.
};

struct CommandSpec {
  std::string name;  ///< "tinychat", "tinychat sse".
  std::string word;  ///< "" for tinychat itself, "sse" for `tinychat sse`.
  std::string description;
  std::vector<OptionSpec> options;  ///< In --help's order; hidden ones left out.
  std::vector<PositionalSpec> positionals;
  std::string footer;  ///< --help's closing text: examples, keys, exit status.
};

struct CliSpec {
  CommandSpec main;
  std::vector<CommandSpec> subcommands;
};

/// The spec of tinychat's command line as make_cli_app and make_sse_app define it.
CliSpec describe_cli();
/// One command's spec; options without a group (hidden from --help) are left out.
CommandSpec describe_command(const CLI::App& app, std::string word);

/// The value kinds the completions know how to offer, from the value's name.
enum class ValueKind { other, provider, model, file };
ValueKind value_kind(const std::string& value_name);

}  // namespace tinychat::cli
