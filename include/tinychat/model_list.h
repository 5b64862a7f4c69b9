#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "tinychat/error.h"
#include "tinychat/session.h"
#include "tinychat/visibility.h"

namespace tinychat {

class Provider;

/// One model a provider offers.
struct ModelInfo {
  std::string id;            ///< What goes in a request's "model" ("gpt-4o", "gemini-2.5-flash").
  std::string display_name;  ///< The provider's human name where it gives one, else "".
  friend bool operator==(const ModelInfo&, const ModelInfo&) = default;
};

/// How a model listing ended.
struct ModelListResult {
  /// Empty when the list arrived. Otherwise: http_status ("Server responded with an error.
  /// Status Code: 401: invalid x-api-key"), malformed_stream (the body is not the documented
  /// JSON), or the transport's network, timeout or cancelled. Never holds the API key.
  Error error;
  std::vector<ModelInfo> models;  ///< Chat models, in the provider's order; may be empty.
};

/// A model list on its way: a future for the result, and a way to stop it. Move-only.
class PendingModels {
 public:
  PendingModels() = default;
  PendingModels(std::future<ModelListResult> result, PendingResponse response)
      : result_(std::move(result)), response_(std::move(response)) {}

  bool valid() const { return result_.valid(); }
  /// Blocks until the listing ends. Call once.
  ModelListResult get() { return result_.get(); }
  template <class Rep, class Period>
  std::future_status wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return result_.wait_for(timeout);
  }
  /// Stops the request; the result is then ErrorCode::cancelled unless it had already ended.
  /// Safe to call more than once and from any thread.
  void cancel() const { response_.cancel(); }

 private:
  std::future<ModelListResult> result_;
  PendingResponse response_;
};

/// Fetches the provider's chat models in the background (Provider::build_models_request) and
/// returns at once. `on_done` runs once, on the session's thread, before the result is ready.
/// A non-2xx reply is ErrorCode::http_status with the same message shape as chat errors
/// ("Server responded with an error. Status Code: 401: invalid x-api-key").
/// `http` and `provider` must outlive the listing: get() it, or cancel() and then wait for it,
/// before destroying either.
TINYCHAT_API PendingModels list_models(Session& http, const Provider& provider,
                                       std::function<void(const ModelListResult&)> on_done = {});

}  // namespace tinychat
