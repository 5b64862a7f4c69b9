#pragma once

#include <memory>
#include <string>

#include "chat_setup.h"
#include "cli_options.h"
#include "tinychat/chat_session.h"
#include "tinychat/conversation_recorder.h"
#include "usage_summary.h"

namespace tinychat::cli {

/// What the commands of `tinychat chat` act on.
struct ChatContext {
  const CliOptions& options;
  const ChatSetup& setup;
  ChatSession& chat;
  std::shared_ptr<ConversationRecorder> recorder;  ///< Null when nothing is recorded.
  PriceTable prices;              ///< The shipped table with the config file's "prices".
  UsageTotal conversation_usage;  ///< This conversation's answers in this chat (/usage).
  Usage last_usage;               ///< The last answer's, for the context window's warning.
};

/// What the chat does after a command.
struct CommandOutcome {
  enum class Next {
    prompt,   ///< Read the next prompt.
    send,     ///< Send `text` as a prompt (/edit: the edited one, on its new branch).
    retry,    ///< Answer the last prompt again (/retry).
    exit,     ///< Leave (/exit).
    compare,  ///< The next prompt goes to each model of `text` at once (/compare).
  };
  Next next = Next::prompt;
  std::string text;
};

/// Whether `line` (one line, typed at the prompt) is a command: it starts with '/'.
bool is_chat_command(const std::string& line);

/// Runs a command: /help, /model, /system, /temperature, /new, /retry, /edit, /history, /usage,
/// /exit.
/// Its output goes to standard output, its complaints to standard error.
CommandOutcome run_chat_command(const std::string& line, ChatContext& context);

}  // namespace tinychat::cli
