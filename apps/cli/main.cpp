#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <csignal>
#include <cstring>
#include <string_view>
#include <vector>

#include "checked_output.h"
#include "cli_app.h"
#include "cli_options.h"
#include "commands.h"
#include "prompt_input.h"
#include "standard_streams.h"
#include "suggestions.h"

namespace tinychat::cli {

namespace {

// Parses a subcommand's options (argv[1] is its word) and runs it.
template <class Options, class Make, class Run>
int run_subcommand(int argc, char** argv, Make make, Run run) {
  Options options;
  std::unique_ptr<CLI::App> app = make(options);
  use_friendly_parse_errors(*app);
  try {
    app->parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& error) {
    return app->exit(error) == 0 ? kExitOk : kExitUsage;
  }
  return run(options);
}

// The subcommands, chosen by the first word alone, so that a prompt may contain these words.
struct Subcommand {
  std::string_view word;
  int (*run)(int argc, char** argv);
};

constexpr std::array<Subcommand, 9> kSubcommands{{
    {"chat",
     [](int argc, char** argv) {
       return run_subcommand<CliOptions>(argc, argv, make_chat_app, run_interactive_chat);
     }},
    {"log",
     [](int argc, char** argv) {
       return run_subcommand<LogOptions>(argc, argv, make_log_app, run_log);
     }},
    {"show",
     [](int argc, char** argv) {
       return run_subcommand<ShowOptions>(argc, argv, make_show_app, run_show);
     }},
    {"rm", [](int argc,
              char** argv) { return run_subcommand<RmOptions>(argc, argv, make_rm_app, run_rm); }},
    {"export",
     [](int argc, char** argv) {
       return run_subcommand<ExportOptions>(argc, argv, make_export_app, run_export);
     }},
    {"import",
     [](int argc, char** argv) {
       return run_subcommand<ImportOptions>(argc, argv, make_import_app, run_import);
     }},
    {"models",
     [](int argc, char** argv) {
       return run_subcommand<ModelsOptions>(argc, argv, make_models_app, run_models);
     }},
    {"sse",
     [](int argc, char** argv) {
       return run_subcommand<std::string>(argc, argv, make_sse_app, run_sse);
     }},
    {"usage",
     [](int argc, char** argv) {
       return run_subcommand<UsageOptions>(argc, argv, make_usage_app, run_usage);
     }},
}};

// A lone word close to a subcommand's name ("tinychat mdoels") is far more likely a typo than a
// one-word prompt; "--" before it says it is a prompt after all.
std::string mistyped_subcommand(int argc, char** argv, const CliOptions& options) {
  if (options.prompt_words.size() != 1 || stdin_is_piped()) return {};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--") == 0) return {};
  }
  const std::string& word = options.prompt_words.front();
  if (!std::ranges::all_of(word, [](char c) { return c >= 'a' && c <= 'z'; })) return {};
  std::vector<std::string> words;
  for (const Subcommand& subcommand : kSubcommands) words.emplace_back(subcommand.word);
  return closest_name(word, words);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    for (const Subcommand& subcommand : kSubcommands) {
      if (argv[1] == subcommand.word) return subcommand.run(argc, argv);
    }
  }

  CliOptions options;
  std::unique_ptr<CLI::App> app = make_cli_app(options);
  use_friendly_parse_errors(*app);
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
  if (const std::string meant = mistyped_subcommand(argc, argv, options); !meant.empty()) {
    report("\"" + options.prompt_words.front() + "\" is not a command: did you mean tinychat " +
           meant + "? To send it to the model as a prompt: tinychat -- " +
           options.prompt_words.front());
    return kExitUsage;
  }
  const std::vector<std::string> models = compared_models(options);
  if (models.size() > 1) return run_compare(options);
  if (options.json) {
    report("--json is for comparing models: give two or more (-m A -m B, or --compare A,B)");
    return kExitUsage;
  }
  if (models.size() == 1) options.model = models.front();  // --compare with one model
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
