#include "http_error.h"

#include <cctype>

#include "base/redact.h"
#include "retry_rules.h"

namespace tinychat {

namespace {

constexpr std::size_t kMaxBodyExcerpt = 300;

// Error pages can be HTML or multi-line JSON: fold runs of white space so the message stays
// one readable line, and cut it short.
std::string body_excerpt(std::string_view body) {
  std::string excerpt;
  bool space = false;
  for (char c : body) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !excerpt.empty();
      continue;
    }
    if (space) excerpt += ' ';
    space = false;
    excerpt += c;
    if (excerpt.size() >= kMaxBodyExcerpt) {
      excerpt += "...";
      break;
    }
  }
  return excerpt;
}

}  // namespace

Error http_status_error(const HttpResult& http, std::string provider_message,
                        std::string_view api_key) {
  std::string message =
      "Server responded with an error. Status Code: " + std::to_string(http.status);
  std::string detail =
      provider_message.empty() ? body_excerpt(http.body) : std::move(provider_message);
  if (!detail.empty()) message += ": " + detail;
  // When the server says when to come back (a wait longer than tinychat waits by itself, or
  // the last retry's answer), the user hears it too. Other statuses' waits mean nothing.
  if (is_retryable_status(http.status)) {
    if (const std::string wait = requested_wait_text(http); !wait.empty()) {
      message += " (retry after " + wait + ")";
    }
  }
  return Error(ErrorCode::http_status, redact(std::move(message), api_key), http.status);
}

}  // namespace tinychat
