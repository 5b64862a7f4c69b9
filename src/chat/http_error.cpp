#include "http_error.h"

#include <cctype>
#include <vector>

#include "base/message_text.h"
#include "base/redact.h"
#include "retry_rules.h"
#include "tinychat/provider_registry.h"

namespace tinychat {

namespace {

// The longest message a turn reports: a provider's message plus our own words around it.
constexpr std::size_t kMaxErrorMessage = kMaxProviderMessage + 500;

std::string redacted(std::string text, const ProviderConfig& provider) {
  const std::vector<std::string> credentials = url_credentials(provider.base_url);
  std::vector<std::string_view> secrets{provider.api_key};
  secrets.insert(secrets.end(), credentials.begin(), credentials.end());
  return redact_all(std::move(text), secrets);
}

std::string missing_key_hint(const ProviderConfig& provider) {
  if (const BuiltinProvider* builtin = find_builtin_provider(provider.name)) {
    return " (no API key was sent: set " + std::string(builtin->key_variables.front()) +
           " or providers." + provider.name + ".api_key in the config file)";
  }
  return " (no API key was sent: set api_key or api_key_env of the endpoint \"" + provider.name +
         "\" in the config file)";
}

}  // namespace

Error http_status_error(const HttpResult& http, std::string provider_message,
                        const ProviderConfig& provider) {
  std::string message =
      "Server responded with an error. Status Code: " + std::to_string(http.status);
  std::string detail =
      provider_message.empty()
          ? cut_message(redacted(fold_whitespace(http.body), provider), kMaxBodyExcerpt)
          : cut_message(redacted(std::move(provider_message), provider), kMaxProviderMessage);
  if (!detail.empty()) message += ": " + detail;
  // When the server says when to come back (a wait longer than tinychat waits by itself, or
  // the last retry's answer), the user hears it too. Other statuses' waits mean nothing.
  if (is_retryable_status(http.status)) {
    if (const std::string wait = requested_wait_text(http); !wait.empty()) {
      message += " (retry after " + cut_message(wait, 64) + ")";
    }
  }
  if ((http.status == 401 || http.status == 403) && provider.api_key.empty()) {
    message += missing_key_hint(provider);
  }
  return safe_error(Error(ErrorCode::http_status, std::move(message), http.status), provider);
}

Error safe_error(Error error, const ProviderConfig& provider) {
  if (error)
    error.message = cut_message(redacted(std::move(error.message), provider), kMaxErrorMessage);
  return error;
}

}  // namespace tinychat
