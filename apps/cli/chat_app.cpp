#include <CLI/CLI.hpp>

#include "cli_app.h"

namespace tinychat::cli {

namespace {

constexpr const char* kChatFooter =
    R"(Commands at the prompt: /help, /model NAME, /system TEXT, /temperature T, /new, /retry,
/edit, /history, /exit. A line of """ opens and closes a block of several lines; a trailing \
continues a line. Ctrl-C stops an answer (what arrived is kept, marked interrupted) or drops the
line being typed; Ctrl-D on an empty line leaves. Without a terminal, prompts are read from
standard input one line (or block) at a time, and the exit status is 1 if an answer failed.
Examples:
  tinychat chat -m gpt-4o
  tinychat chat -c
  printf 'hi\n/model claude-sonnet-4-5\nand you?\n' | tinychat chat -m gpt-4o)";

}  // namespace

// The one-shot command line's options, less the prompt: the same words mean the same here.
std::unique_ptr<CLI::App> make_chat_app(CliOptions& options) {
  std::unique_ptr<CLI::App> app = make_cli_app(options);
  app->remove_option(app->get_option("prompt"));
  app->remove_option(app->get_option("--compare"));  // One model at a time here.
  app->remove_option(app->get_option("--json"));
  app->name("tinychat chat");
  app->description(
      "An interactive chat: each prompt is sent with the conversation so far, every turn is "
      "recorded (unless -n), and -c or --cid continue a stored conversation.");
  app->footer(kChatFooter);
  return app;
}

}  // namespace tinychat::cli
