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

/// An action for MockSession::post that fails before any response (connected, then dropped).
inline auto FailWith(ErrorCode code, std::string message) {
  return [code, message = std::move(message)](const HttpRequest&, BodyCallback,
                                              CompletionCallback on_done) {
    HttpResult result;
    result.error = Error(code, message);
    if (on_done) on_done(result);
    return PendingResponse::ready(std::move(result));
  };
}

/// An action for MockSession::post whose connection cannot be made (refused, unreachable): the
/// request never left, as HttpResult::connect_failed says.
inline auto FailToConnect(std::string message = "could not connect to 127.0.0.1 port 9") {
  return
      [message = std::move(message)](const HttpRequest&, BodyCallback, CompletionCallback on_done) {
        HttpResult result;
        result.error = Error(ErrorCode::network, message);
        result.connect_failed = true;
        if (on_done) on_done(result);
        return PendingResponse::ready(std::move(result));
      };
}

/// An action for MockSession::post that answers a non-2xx `status` with these headers and a
/// collected body (Retry-After and the like).
inline auto Refuse(int status, std::vector<HttpHeader> headers, std::string body = {}) {
  return [status, headers = std::move(headers), body = std::move(body)](
             const HttpRequest&, BodyCallback, CompletionCallback on_done) {
    HttpResult result;
    result.status = status;
    result.headers = headers;
    result.body = body;
    result.body_bytes = body.size();
    if (on_done) on_done(result);
    return PendingResponse::ready(std::move(result));
  };
}

}  // namespace tinychat::testing
