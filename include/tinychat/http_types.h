#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/error.h"
#include "tinychat/visibility.h"

namespace tinychat {

struct HttpHeader {
  std::string name;
  std::string value;
};

/// One HTTP request. Headers may carry secrets (API keys): never log them.
struct HttpRequest {
  std::string method = "POST";  ///< "POST" or "GET".
  std::string url;
  std::vector<HttpHeader> headers;
  std::string body;
  /// Wait this long before starting (a retry's backoff). Nothing is sent meanwhile, and
  /// PendingResponse::cancel ends the wait at once.
  std::chrono::milliseconds start_delay{0};
};

/// The outcome of a transfer.
struct TINYCHAT_API HttpResult {
  /// Transport failure only (network, timeout, cancelled). A non-2xx status is not an error here:
  /// the caller decides what it means.
  Error error;
  int status = 0;  ///< 0 when no response arrived.
  std::vector<HttpHeader> headers;
  /// The body when it was not streamed: always for a non-2xx status, and for every response when
  /// no body callback was given. Bounded by the session's max_collected_body.
  std::string body;
  std::uint64_t body_bytes = 0;  ///< All bytes of the body received, streamed or collected.
  /// The request never reached the server: the connection was refused or unreachable, or the
  /// connect timeout passed. Sending it again cannot duplicate anything.
  bool connect_failed = false;

  bool is_success() const { return !error && status >= 200 && status < 300; }
  /// The first header with this name, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
};

}  // namespace tinychat
