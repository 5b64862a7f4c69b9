#include <memory>

#include "http_error.h"
#include "tinychat/model_list.h"
#include "tinychat/provider.h"

namespace tinychat {

namespace {

// What the reply means: the transport's error, the provider's error status, or its models.
ModelListResult read_reply(const HttpResult& http, const Provider& provider) {
  const ProviderConfig& config = provider.config();
  ModelListResult result;
  if (http.error) {
    result.error = safe_error(http.error, config);
  } else if (!http.is_success()) {
    result.error = http_status_error(http, provider.error_message(http.body), config);
  } else if (Error error = provider.parse_models(http.body, result.models)) {
    result.models.clear();
    result.error = safe_error(std::move(error), config);
  }
  return result;
}

}  // namespace

PendingModels list_models(Session& http, const Provider& provider,
                          std::function<void(const ModelListResult&)> on_done) {
  auto promise = std::make_shared<std::promise<ModelListResult>>();
  std::future<ModelListResult> future = promise->get_future();
  // No body callback: the session collects the whole body (bounded by its max_collected_body).
  auto on_complete = [&provider, promise, on_done = std::move(on_done)](const HttpResult& reply) {
    ModelListResult result = read_reply(reply, provider);
    if (on_done) {
      try {
        on_done(result);
      } catch (...) {
        // The caller's callback failing must not leave its future waiting forever.
      }
    }
    promise->set_value(std::move(result));
  };
  PendingResponse response =
      http.post(provider.build_models_request(), BodyCallback(), std::move(on_complete));
  return PendingModels(std::move(future), std::move(response));
}

}  // namespace tinychat
