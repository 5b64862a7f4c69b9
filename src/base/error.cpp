#include "tinychat/error.h"

namespace tinychat {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::ok:
      return "ok";
    case ErrorCode::network:
      return "network";
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::cancelled:
      return "cancelled";
    case ErrorCode::http_status:
      return "http_status";
    case ErrorCode::stream_error:
      return "stream_error";
    case ErrorCode::incomplete_stream:
      return "incomplete_stream";
    case ErrorCode::malformed_stream:
      return "malformed_stream";
    case ErrorCode::event_too_large:
      return "event_too_large";
    case ErrorCode::answer_too_large:
      return "answer_too_large";
    case ErrorCode::missing_key:
      return "missing_key";
    case ErrorCode::config:
      return "config";
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::busy:
      return "busy";
    case ErrorCode::store:
      return "store";
  }
  return "unknown";
}

}  // namespace tinychat
