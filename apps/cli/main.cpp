#include <CLI/CLI.hpp>
#include <csignal>
#include <cstring>

#include "checked_output.h"
#include "cli_app.h"
#include "cli_options.h"
#include "commands.h"
#include "standard_streams.h"

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

int run_models_command(int argc, char** argv) {
  ModelsOptions options;
  std::unique_ptr<CLI::App> app = make_models_app(options);
  try {
    app->parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& error) {
    return app->exit(error) == 0 ? kExitOk : kExitUsage;
  }
  if (!options.base_url.empty() && options.provider.empty()) {
    report("--base-url needs -p: the provider whose API the server speaks (e.g. -p openai)");
    return kExitUsage;
  }
  return run_models(options);
}

}  // namespace

int main(int argc, char** argv) {
  // Only the first word selects the subcommand, so a prompt may contain the word "sse".
  if (argc > 1 && std::strcmp(argv[1], "sse") == 0) return run_sse_command(argc, argv);
  if (argc > 1 && std::strcmp(argv[1], "models") == 0) return run_models_command(argc, argv);

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

int main(int argc, char** argv) {
  tinychat::cli::secure_standard_streams();
  // Past a file size limit a write should fail (EFBIG, reported) rather than kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return tinychat::cli::main(argc, argv);
  } catch (const std::exception& e) {
    // Every failure has its own message where it happens; this is the net under them, so that
    // nothing ends in an abort and a core dump.
    tinychat::cli::report(std::string("internal error: ") + e.what());
    return tinychat::cli::kExitReplyFailed;
  }
}
