#include "http_error.h"

#include <algorithm>
#include <cctype>

#include "base/redact.h"

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
  if (http.status == 429) {
    // Retry-After is either a number of seconds or an HTTP date.
    if (auto retry_after = http.header("retry-after"); retry_after && !retry_after->empty()) {
      const bool seconds = std::all_of(retry_after->begin(), retry_after->end(),
                                       [](unsigned char c) { return std::isdigit(c); });
      message += " (retry after " + std::string(*retry_after) + (seconds ? " s)" : ")");
    }
  }
  return Error(ErrorCode::http_status, redact(std::move(message), api_key), http.status);
}

}  // namespace tinychat
