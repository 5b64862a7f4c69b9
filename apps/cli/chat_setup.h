#pragma once

#include <filesystem>
#include <memory>

#include "cli_options.h"
#include "conversation_access.h"
#include "prompt_input.h"
#include "tinychat/chat_session.h"
#include "tinychat/curl_session.h"
#include "tinychat/settings.h"

namespace tinychat::cli {

/// What the one-shot prompt and `tinychat chat` both work out from the command line before a
/// request can go: settings, the conversation to continue, the provider, trust and retries.
struct ChatSetup {
  Environment env;
  std::filesystem::path config_path;
  Settings settings;
  bool continuing = false;  ///< -c or --cid
  Continuation continuation;
  ResolvedProvider resolved;
  CurlSessionOptions http_options;
};

/// Fills `setup`; on failure reports why on standard error and returns the exit status (0 when
/// all is well). Reads nothing from standard input.
int prepare_chat(const CliOptions& options, ChatSetup& setup);

/// The first turn's request options: the model resolved, -s, -t and --max-tokens over the
/// config file's.
RequestOptions request_options(const CliOptions& options, const ChatSetup& setup);

/// --retries, else the config file's, else the library's default; each wait is announced on
/// standard error.
RetryPolicy retry_policy(const CliOptions& options, const Settings& settings);

/// Binds `chat` to the conversation store (a new conversation, or the one -c/--cid names)
/// unless -n or "log": false; with -c and -n the conversation's history is sent but the turns
/// are not recorded. `recorder` is what `chat` records to (null when nothing is recorded). On
/// failure reports why and returns the exit status; a store that cannot be written costs a
/// warning, never the answer.
int attach_store(const CliOptions& options, const ChatSetup& setup, ChatSession& chat,
                 std::shared_ptr<ConversationRecorder>& recorder);

/// What a one-shot prompt opens before its request goes out.
struct OpenedTurn {
  std::shared_ptr<ConversationRecorder> recorder;  ///< Null when nothing is recorded or continued.
  /// The prompt of a new conversation, already recorded (the answer's row streaming); null when
  /// the chat records through ChatSession instead (-c: the history comes first) or not at all.
  std::shared_ptr<AnswerRecording> recording;
  bool recorded_here = false;  ///< open_turn recorded (or tried to record) the prompt.
};

/// Opens the store and, for a new conversation, records the prompt: the one-shot prompt does
/// this while libcurl sets up on another thread, so that start-up pays for the longer of the
/// two, not their sum. A store that cannot be opened or written is reported; the answer goes
/// ahead unrecorded. The recorder is one_shot_recorder(): the one-shot prompt's main thread,
/// which only waits for the answer, calls write_due().
OpenedTurn open_turn(const CliOptions& options, const ChatSetup& setup, std::string_view prompt);

/// A one-shot run's prompt (arguments and piped input), once it is known the answer has somewhere
/// to go: a closed standard output, an unreadable or blank prompt are reported, and their exit
/// status returned; kExitOk when `prompt` holds one.
int read_one_shot_prompt(const CliOptions& options, PromptInput& prompt);

/// Whether the turns are recorded: not -n, not "log": false.
bool records(const CliOptions& options, const ChatSetup& setup);

/// Whether the chat uses the store: it records (not -n, not "log": false) or continues.
bool uses_store(const CliOptions& options, const ChatSetup& setup);

/// The first half of attach_store: the store opened, for a caller that does more before it binds
/// a session (open_turn, compare mode). Null when nothing is recorded or continued, or when the
/// store could not be opened (reported). `recorder`: how (see one_shot_recorder()).
std::shared_ptr<ConversationRecorder> open_store_for_chat(const CliOptions& options,
                                                          const ChatSetup& setup,
                                                          const RecorderSetup& recorder = {});
/// The second half: binds `chat` to what open_store_for_chat gave.
int attach_store(const CliOptions& options, const ChatSetup& setup, ChatSession& chat,
                 std::shared_ptr<ConversationRecorder> opened,
                 std::shared_ptr<ConversationRecorder>& recorder);

}  // namespace tinychat::cli
