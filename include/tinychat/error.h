#pragma once

#include <string>
#include <string_view>

#include "tinychat/visibility.h"

namespace tinychat {

/// What went wrong, as a value. ERRORS.md gives the cause and the fix of each code.
enum class ErrorCode {
  ok = 0,
  network,            ///< DNS, connect, TLS or a dropped connection.
  timeout,            ///< No connection within the connect timeout, or no byte within the idle one.
  cancelled,          ///< The caller stopped the transfer.
  http_status,        ///< The server answered with a non-2xx status.
  stream_error,       ///< The server reported an error inside a 200 stream.
  incomplete_stream,  ///< The stream ended before the provider's end marker.
  malformed_stream,   ///< An event could not be decoded (not the JSON the API documents).
  event_too_large,    ///< One event or line exceeded the parser's bound.
  answer_too_large,   ///< One answer exceeded the chat session's bound (TurnPolicy).
  missing_key,        ///< No API key is configured for the provider.
  config,             ///< The config file is malformed or cannot be written.
  invalid_argument,   ///< The caller passed something unusable (unknown provider, no model...).
  busy,               ///< A chat session was asked for a second reply while one streams.
  store,              ///< The conversation store cannot be opened, read or written.
};

/// The code's name, e.g. "http_status".
TINYCHAT_API std::string_view to_string(ErrorCode code);

/// An error code with a message for people. Empty (false) when all went well.
struct Error {
  ErrorCode code = ErrorCode::ok;
  std::string message;
  int http_status = 0;  ///< Set with ErrorCode::http_status.

  Error() = default;
  Error(ErrorCode c, std::string msg, int status = 0)
      : code(c), message(std::move(msg)), http_status(status) {}

  explicit operator bool() const { return code != ErrorCode::ok; }
};

}  // namespace tinychat
