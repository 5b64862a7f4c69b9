#pragma once

#include <memory>
#include <string>

#include "cli_options.h"
#include "commands.h"

namespace CLI {
class App;
}

namespace tinychat::cli {

/// tinychat's command line: every option with its help text, defined once. main() parses with
/// it; the shell completions and the man page are generated from it (cli_spec.h), so they list
/// exactly what --help lists.
std::unique_ptr<CLI::App> make_cli_app(CliOptions& options);
/// `tinychat sse [FILE]`, which main() dispatches on the first word.
std::unique_ptr<CLI::App> make_sse_app(std::string& file);
/// --db FILE, shared by every command that reads or writes the conversation store.
void add_db_option(CLI::App& app, std::string& db);
/// `tinychat log`, `tinychat show` and `tinychat rm`: the conversation store.
std::unique_ptr<CLI::App> make_log_app(LogOptions& options);
std::unique_ptr<CLI::App> make_usage_app(UsageOptions& options);
std::unique_ptr<CLI::App> make_show_app(ShowOptions& options);
std::unique_ptr<CLI::App> make_rm_app(RmOptions& options);
/// `tinychat models [-p PROVIDER [--base-url URL]]`, dispatched likewise.
std::unique_ptr<CLI::App> make_models_app(ModelsOptions& options);
/// `tinychat export ID|--all [--format json|md|txt] [-o FILE]` and `tinychat import FILE...`.
std::unique_ptr<CLI::App> make_export_app(ExportOptions& options);
std::unique_ptr<CLI::App> make_import_app(ImportOptions& options);
/// `tinychat chat`: the same options as make_cli_app, less the prompt.
std::unique_ptr<CLI::App> make_chat_app(CliOptions& options);

}  // namespace tinychat::cli
