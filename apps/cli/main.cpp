#include <CLI/CLI.hpp>
#include <cstring>

#include "cli_app.h"
#include "cli_options.h"
#include "commands.h"

namespace tinychat::cli {

namespace {

int run_sse_command(int argc, char** argv) {
  std::string file;
  std::unique_ptr<CLI::App> app = make_sse_app(file);
  try {
    app->parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& error) {
    return app->exit(error) == 0 ? kExitOk : kExitUsage;
  }
  return run_sse(file);
}

}  // namespace

int main(int argc, char** argv) {
  // Only the first word selects the subcommand, so a prompt may contain the word "sse".
  if (argc > 1 && std::strcmp(argv[1], "sse") == 0) return run_sse_command(argc, argv);

  CliOptions options;
  std::unique_ptr<CLI::App> app = make_cli_app(options);
  // Hidden (no group): the build writes the shell completions and the man page with these.
  std::string completions_shell;
  bool man_page = false;
  app->add_option("--completions", completions_shell)
      ->group("")
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  app->add_flag("--man", man_page)->group("");
  try {
    app->parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app->exit(error) == 0 ? kExitOk : kExitUsage;
  }
  if (man_page || !completions_shell.empty()) return print_cli_docs(completions_shell);
  return run_chat(options);
}

}  // namespace tinychat::cli

int main(int argc, char** argv) { return tinychat::cli::main(argc, argv); }
