#include "tinychat/session.h"

namespace tinychat {

PendingResponse::PendingResponse(std::future<HttpResult> result, std::function<void()> cancel)
    : result_(std::move(result)), cancel_(std::move(cancel)) {}

PendingResponse PendingResponse::ready(HttpResult result) {
  std::promise<HttpResult> promise;
  promise.set_value(std::move(result));
  return PendingResponse(promise.get_future(), {});
}

}  // namespace tinychat
