#pragma once

#include <atomic>
#include <future>
#include <utility>

#include "tinychat/session.h"

namespace tinychat::testing {

/// A transfer that stays open until the test ends it, like a slow server: an action for
/// MockSession::post that keeps the callbacks, so the test feeds the body piece by piece.
struct HeldTransfer {
  BodyCallback on_body;
  CompletionCallback on_done;
  std::promise<HttpResult> promise;
  std::atomic<bool> cancelled{false};

  auto action() {
    return [this](const HttpRequest&, BodyCallback body, CompletionCallback done) {
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
