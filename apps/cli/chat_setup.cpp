#include "chat_setup.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include "checked_output.h"
#include "commands.h"
#include "compare_pick.h"
#include "standard_streams.h"
#include "tinychat/ca_certificates.h"

namespace tinychat::cli {

namespace {

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

}  // namespace

int prepare_chat(const CliOptions& options, ChatSetup& setup) {
  setup.env = process_environment();
  setup.config_path = default_config_path(setup.env);
  if (Error error = load_settings(setup.config_path, setup.settings)) {
    report(error.message);
    return kExitUsage;
  }
  warn_if_others_can_read(setup.config_path, setup.settings);
  // -c and --cid: the conversation first, for its provider and model.
  setup.continuing = options.continue_last || !options.conversation_id.empty();
  if (setup.continuing) {
    if (Error error = find_continuation(options, setup.env, setup.continuation)) {
      report(error.message);
      return kExitUsage;
    }
    if (!options.pick.empty()) {
      if (Error error = pick_answer(options.pick, setup.continuation)) {
        report(error.message);
        return kExitUsage;
      }
    }
  } else if (!options.pick.empty()) {
    report("--pick chooses the answer a continued conversation follows: add -c or --cid");
    return kExitUsage;
  }
  const ProviderChoice choice =
      setup.continuing ? continuing_choice(options, setup.continuation)
                       : ProviderChoice{options.provider, options.model, options.base_url};
  if (Error error =
          resolve_provider(choice, setup.settings, setup.env, setup.config_path, setup.resolved)) {
    report(error.message);
    return kExitUsage;
  }
  setup.http_options.connect_timeout = to_ms(options.connect_timeout_s);
  setup.http_options.idle_timeout = to_ms(options.idle_timeout_s);
  setup.http_options.max_time = to_ms(options.max_time_s);
  if (Error error = resolve_ca_certificates(options.cacert, setup.settings, setup.env,
                                            setup.config_path, setup.http_options)) {
    report(error.message);
    return kExitUsage;
  }
  return kExitOk;
}

RequestOptions request_options(const CliOptions& options, const ChatSetup& setup) {
  return tinychat::request_options(setup.resolved, setup.settings, options.system_prompt,
                                   options.temperature, options.max_tokens);
}

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

int read_one_shot_prompt(const CliOptions& options, PromptInput& prompt) {
  // Nowhere to put the answer: say so before a request costs anything.
  if (standard_output_closed()) {
    report(write_failure_message(EBADF));
    return kExitReplyFailed;
  }
  prompt = read_prompt(options.prompt_words);
  if (!prompt.problem.empty()) {
    report(prompt.problem);
    return kExitUsage;
  }
  if (prompt.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    report("no prompt: give it as arguments or on standard input (tinychat --help)");
    return kExitUsage;
  }
  return kExitOk;
}

bool records(const CliOptions& options, const ChatSetup& setup) {
  // Recorded as it streams (the prompt before the request goes out), unless -n or "log": false.
  return !options.no_log && setup.settings.log.value_or(true);
}

bool uses_store(const CliOptions& options, const ChatSetup& setup) {
  return records(options, setup) || setup.continuing;
}

std::shared_ptr<ConversationRecorder> open_store_for_chat(const CliOptions& options,
                                                          const ChatSetup& setup,
                                                          const RecorderSetup& recorder) {
  if (!uses_store(options, setup)) return nullptr;
  return open_recorder_or_warn(setup.continuation.store, store_file(options.db, setup.env),
                               setup.continuation.conversation.id, recorder);
}

OpenedTurn open_turn(const CliOptions& options, const ChatSetup& setup, std::string_view prompt) {
  OpenedTurn opened;
  opened.recorder = open_store_for_chat(options, setup, one_shot_recorder());
  if (opened.recorder && records(options, setup) && !setup.continuing) {
    // What ChatSession would record as the turn begins, recorded here instead, ahead of it.
    opened.recording = opened.recorder->begin_turn(
        prompt, answer_source(setup.resolved.config, request_options(options, setup)));
    opened.recorded_here = true;
  }
  return opened;
}

int attach_store(const CliOptions& options, const ChatSetup& setup, ChatSession& chat,
                 std::shared_ptr<ConversationRecorder>& recorder) {
  return attach_store(options, setup, chat, open_store_for_chat(options, setup), recorder);
}

int attach_store(const CliOptions& options, const ChatSetup& setup, ChatSession& chat,
                 std::shared_ptr<ConversationRecorder> opened,
                 std::shared_ptr<ConversationRecorder>& recorder) {
  recorder.reset();
  const bool record = records(options, setup);
  if (!opened && setup.continuing) return kExitUsage;  // no history to continue with
  if (opened && record) {
    if (Error error = chat.record_to(opened)) {
      report("warning: " + error.message + "; the answer is not recorded");
      if (setup.continuing) return kExitUsage;
      return kExitOk;
    }
    recorder = std::move(opened);
  } else if (opened) {
    // -c with -n: the conversation's history goes out, and these turns stay out of it.
    History branch;
    if (Error error = opened->branch_history(branch)) {
      report(error.message);
      return kExitUsage;
    }
    chat.set_history(std::move(branch));
  }
  return kExitOk;
}

}  // namespace tinychat::cli
