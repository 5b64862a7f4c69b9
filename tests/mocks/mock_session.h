#pragma once

#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "tinychat/session.h"

namespace tinychat::testing {

/// Stands in for the HTTP session, as the original's tests patched FuturesSession.post.
class MockSession : public Session {
 public:
  MOCK_METHOD(PendingResponse, post,
              (const HttpRequest& request, BodyCallback on_body, CompletionCallback on_done),
              (override));
};

/// An action for MockSession::post that replies with `status` and `pieces`: a 2xx body goes to
/// the body callback piece by piece (stopping if it returns false, as a real session would),
/// any other body is collected into HttpResult::body.
inline auto Reply(int status, std::vector<std::string> pieces) {
  return [status, pieces = std::move(pieces)](const HttpRequest&, BodyCallback on_body,
                                              CompletionCallback on_done) {
    HttpResult result;
    result.status = status;
    const bool streamed = status >= 200 && status < 300 && on_body;
    for (const std::string& piece : pieces) {
      result.body_bytes += piece.size();
      if (!streamed) {
        result.body += piece;
      } else if (!on_body(piece)) {
        result.error = Error(ErrorCode::cancelled, "stopped by the receiver");
        break;
      }
    }
    if (on_done) on_done(result);
    return PendingResponse::ready(std::move(result));
  };
}

/// An action for MockSession::post that fails before any response, like a refused connection.
inline auto FailWith(ErrorCode code, std::string message) {
  return [code, message = std::move(message)](const HttpRequest&, BodyCallback,
                                              CompletionCallback on_done) {
    HttpResult result;
    result.error = Error(code, message);
    if (on_done) on_done(result);
    return PendingResponse::ready(std::move(result));
  };
}

}  // namespace tinychat::testing
