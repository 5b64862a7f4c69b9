#pragma once

#include <atomic>
#include <future>
#include <utility>

#include "tinychat/session.h"

namespace tinychat::testing {

/// For MockSession::post: a transfer that stays open until the test ends it, like a slow server
/// (or a retry still waiting to start). Remembers the request and whether it was cancelled.
struct HeldTransfer {
  HttpRequest request;
  BodyCallback on_body;
  CompletionCallback on_done;
  std::promise<HttpResult> promise;
  std::atomic<bool> cancelled{false};

  auto action() {
    return [this](const HttpRequest& sent, BodyCallback body, CompletionCallback done) {
      request = sent;
      on_body = std::move(body);
      on_done = std::move(done);
      return PendingResponse(promise.get_future(), [this] { cancelled = true; });
    };
  }
  void end(HttpResult result) {
    on_done(result);
    promise.set_value(result);
  }
};

}  // namespace tinychat::testing
