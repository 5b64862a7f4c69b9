#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <memory>

#include "checked_output.h"
#include "commands.h"
#include "conversation_access.h"
#include "prompt_input.h"
#include "reply_printer.h"
#include "standard_streams.h"
#include "tinychat/ca_certificates.h"
#include "tinychat/chat_session.h"
#include "tinychat/curl_session.h"
#include "tinychat/settings.h"

namespace tinychat::cli {

namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) { interrupted = 1; }

// Ctrl-C stops the reply but keeps what arrived on standard output; a second Ctrl-C while we
// are still winding down ends the process the usual way.
void catch_interrupts() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
}

bool is_blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// Keys belong in a file only its owner can read; tinychat writes it so, but people also create
// it by hand. Warn rather than refuse: the answer still matters more than the lecture.
void warn_if_others_can_read(const std::filesystem::path& config_path, const Settings& settings) {
  bool holds_key = false;
  for (const auto& [name, provider] : settings.providers) holds_key |= !provider.api_key.empty();
  for (const EndpointSettings& endpoint : settings.endpoints)
    holds_key |= !endpoint.api_key.empty();
  struct stat info {};
  if (!holds_key || ::stat(config_path.c_str(), &info) != 0 || (info.st_mode & 077) == 0) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(info.st_mode & 0777));
  report("warning: " + config_path.string() + " holds API keys and others can read it (mode " +
         mode + "): chmod 600 it");
}

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// --retries, else the config file's, else the library's default; each wait is announced on
// standard error, so that a pause before the answer is never a mystery.
RetryPolicy retry_policy(const CliOptions& options, const Settings& settings) {
  RetryPolicy policy;
  if (options.retries) {
    policy.max_retries = *options.retries;
  } else if (settings.retries) {
    policy.max_retries = *settings.retries;
  }
  policy.on_retry = [](const RetryNotice& notice) { report(notice.message()); };
  return policy;
}

}  // namespace

int run_chat(const CliOptions& options) {
  const Environment env = process_environment();
  const std::filesystem::path config_path = default_config_path(env);
  Settings settings;
  if (Error error = load_settings(config_path, settings)) {
    report(error.message);
    return kExitUsage;
  }
  warn_if_others_can_read(config_path, settings);
  // -c and --cid: the conversation first, for its provider and model.
  const bool continuing = options.continue_last || !options.conversation_id.empty();
  Continuation continuation;
  if (continuing) {
    if (Error error = find_continuation(options, env, continuation)) {
      report(error.message);
      return kExitUsage;
    }
  }
  ResolvedProvider resolved;
  const ProviderChoice choice =
      continuing ? continuing_choice(options, continuation)
                 : ProviderChoice{options.provider, options.model, options.base_url};
  // Before reading standard input: a missing key should not swallow a piped prompt first.
  if (Error error = resolve_provider(choice, settings, env, config_path, resolved)) {
    report(error.message);
    return kExitUsage;
  }
  CurlSessionOptions http_options;
  http_options.connect_timeout = to_ms(options.connect_timeout_s);
  http_options.idle_timeout = to_ms(options.idle_timeout_s);
  http_options.max_time = to_ms(options.max_time_s);
  if (Error error =
          resolve_ca_certificates(options.cacert, settings, env, config_path, http_options)) {
    report(error.message);
    return kExitUsage;
  }
  // Nowhere to put the answer: say so before a request costs anything.
  if (standard_output_closed()) {
    report(write_failure_message(EBADF));
    return kExitReplyFailed;
  }
  PromptInput prompt = read_prompt(options.prompt_words);
  if (!prompt.problem.empty()) {
    report(prompt.problem);
    return kExitUsage;
  }
  if (is_blank(prompt.text)) {
    report("no prompt: give it as arguments or on standard input (tinychat --help)");
    return kExitUsage;
  }

  const RequestOptions request = request_options(resolved, settings, options.system_prompt,
                                                 options.temperature, options.max_tokens);

  auto http = std::make_shared<CurlSession>(http_options);
  ChatSession chat(http, make_provider(resolved.config), request, retry_policy(options, settings));
  // One question, one answer, written out as it streams: holding it as history too would
  // only double what a long answer costs in memory.
  chat.set_turn_policy({.keep_history = false});

  // Recorded as it streams (the prompt before the request goes out), unless -n or "log": false;
  // a store that cannot be written costs a warning, never the answer.
  const bool record = !options.no_log && settings.log.value_or(true);
  std::shared_ptr<ConversationRecorder> recorder;
  if (record || continuing) {
    recorder = open_recorder_or_warn(continuation.store, store_file(options.db, env),
                                     continuation.conversation.id);
    if (!recorder && continuing) return kExitUsage;  // no history to continue with
  }
  if (recorder && record) {
    if (Error error = chat.record_to(recorder)) {
      report("warning: " + error.message + "; the answer is not recorded");
      if (continuing) return kExitUsage;
    }
  } else if (recorder) {
    // -c with -n: the conversation's history goes out, and this turn stays out of it.
    History branch;
    if (Error error = recorder->branch_history(branch)) {
      report(error.message);
      return kExitUsage;
    }
    chat.set_history(std::move(branch));
  }

  ReplyPrinter printer(stdout, stderr, !options.hide_reasoning);
  catch_interrupts();
  PendingReply reply = chat.stream_response(
      std::move(prompt.text), [&printer](std::span<const Delta> deltas) { printer.print(deltas); });
  while (reply.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    // An answer that cannot be written is not worth paying for.
    if (interrupted || printer.output_failed()) reply.cancel();
  }
  const int status = printer.finish(reply.get(), options.show_usage);
  return interrupted ? kExitInterrupted : status;
}

}  // namespace tinychat::cli
