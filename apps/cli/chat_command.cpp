#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "prompt_input.h"
#include "reply_printer.h"
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
  std::fprintf(stderr,
               "tinychat: warning: %s holds API keys and others can read it (mode %03o): "
               "chmod 600 it\n",
               config_path.c_str(), static_cast<unsigned>(info.st_mode & 0777));
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
  policy.on_retry = [](const RetryNotice& notice) {
    std::fprintf(stderr, "tinychat: %s\n", notice.message().c_str());
    std::fflush(stderr);
  };
  return policy;
}

}  // namespace

int run_chat(const CliOptions& options) {
  const Environment env = process_environment();
  const std::filesystem::path config_path = default_config_path(env);
  Settings settings;
  if (Error error = load_settings(config_path, settings)) {
    std::fprintf(stderr, "tinychat: %s\n", error.message.c_str());
    return kExitUsage;
  }
  warn_if_others_can_read(config_path, settings);
  ResolvedProvider resolved;
  const ProviderChoice choice{options.provider, options.model, options.base_url};
  // Before reading standard input: a missing key should not swallow a piped prompt first.
  if (Error error = resolve_provider(choice, settings, env, config_path, resolved)) {
    std::fprintf(stderr, "tinychat: %s\n", error.message.c_str());
    return kExitUsage;
  }
  CurlSessionOptions http_options;
  http_options.connect_timeout = to_ms(options.connect_timeout_s);
  http_options.idle_timeout = to_ms(options.idle_timeout_s);
  http_options.max_time = to_ms(options.max_time_s);
  if (Error error =
          resolve_ca_certificates(options.cacert, settings, env, config_path, http_options)) {
    std::fprintf(stderr, "tinychat: %s\n", error.message.c_str());
    return kExitUsage;
  }
  const std::string prompt = read_prompt(options.prompt_words);
  if (is_blank(prompt)) {
    std::fputs(
        "tinychat: no prompt: give it as arguments or on standard input "
        "(tinychat --help)\n",
        stderr);
    return kExitUsage;
  }

  RequestOptions request;
  request.model = resolved.model;
  request.system_prompt =
      options.system_prompt.empty() ? settings.system_prompt : options.system_prompt;
  request.temperature = options.temperature ? options.temperature : settings.temperature;
  request.max_tokens = options.max_tokens;

  auto http = std::make_shared<CurlSession>(http_options);
  ChatSession chat(http, make_provider(resolved.config), request, retry_policy(options, settings));

  ReplyPrinter printer(stdout, stderr, !options.hide_reasoning);
  catch_interrupts();
  PendingReply reply = chat.stream_response(
      prompt, [&printer](std::span<const Delta> deltas) { printer.print(deltas); });
  while (reply.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    if (interrupted) reply.cancel();
  }
  const int status = printer.finish(reply.get(), options.show_usage);
  return interrupted ? kExitInterrupted : status;
}

}  // namespace tinychat::cli
