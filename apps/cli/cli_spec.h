#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tinychat::cli {

/// The value kinds the completions know how to offer.
enum class ValueKind { other, provider, model, file };

/// The command line as plain data, read from the CLI11 definitions (cli_app.h), for the
/// generators of the shell completions and the man page.
struct OptionSpec {
  std::vector<std::string> names;  ///< As typed: "-p", "--provider".
  std::string value;               ///< The value's name ("PROVIDER", "FLOAT"); "" for a flag.
  ValueKind kind = ValueKind::other;
  std::string description;
};

struct PositionalSpec {
  std::string name;  ///< "prompt", "file".
  std::string value;
  ValueKind kind = ValueKind::other;
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

/// What to offer for a value, from its type as CLI11 names it, validators included: PROVIDER
/// and MODEL by name, files for FILE or PATH, including those of CLI::ExistingFile ("TEXT:FILE").
ValueKind value_kind(const std::string& type_name);

}  // namespace tinychat::cli
