#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tinychat/chat_session.h"
#include "tinychat/curl_session.h"
#include "tinychat/expected.h"
#include "tinychat/settings.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// A ready chat, as open_chat returns it: a ChatSession with its own HTTP session. Move-only.
class TINYCHAT_API Chat {
 public:
  explicit Chat(std::unique_ptr<ChatSession> session);

  /// Sends `prompt` with the history and returns when the reply has ended; `on_text` receives
  /// each piece of the answer as it arrives (on the HTTP session's thread). The history then
  /// holds the turn, and TurnResult::error says why it failed, if it did.
  TurnResult ask(std::string prompt, std::function<void(std::string_view text)> on_text = {});

  /// Everything else: streaming without blocking, reasoning, cancelling, the history, exports,
  /// new options or a new provider for the next turn.
  ChatSession& session() { return *session_; }
  const ChatSession& session() const { return *session_; }

 private:
  std::unique_ptr<ChatSession> session_;  // which co-owns the HTTP session
};

/// What open_chat may be told beyond the model. Every field has a default.
struct OpenChatOptions {
  /// A built-in provider or a configured endpoint; "": implied by the model, else the config
  /// file's default, else openai.
  std::string provider;
  /// "": <PROVIDER>_BASE_URL, else the config file's, else the provider's own.
  std::string base_url;
  std::string system_prompt;          ///< "": the config file's, if it has one.
  std::optional<double> temperature;  ///< None: the config file's, else the model's default.
  std::optional<int> max_tokens;
  /// Timeouts, User-Agent, CA files. Without CA files of its own, the command line's apply
  /// (CURL_CA_BUNDLE, SSL_CERT_FILE, SSL_CERT_DIR, the config file's "ca_file"), and so do its
  /// retries (the config file's "retries").
  CurlSessionOptions http;
  /// Where keys and base URLs are looked up; empty: the process environment.
  Environment env;
  /// The config file; empty: default_config_path(env).
  std::filesystem::path config_path;
};

/// The short path to an answer: picks the provider, base URL and key for `model` from the
/// environment and the config file, as the tinychat command does (resolve_provider), and
/// returns a ready chat. "" asks for the config file's default model, else the provider's.
/// Errors: missing_key naming the variable to set, config for a config file that does not
/// parse (with its line and column), invalid_argument for an unknown provider.
TINYCHAT_API Expected<Chat> open_chat(std::string_view model = {}, OpenChatOptions options = {});

}  // namespace tinychat
