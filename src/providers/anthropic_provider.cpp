#include "anthropic_provider.h"

#include "anthropic_decoder.h"
#include "history.h"
#include "json_body.h"
#include "model_list_json.h"
#include "text_util.h"

namespace tinychat::providers {

HttpRequest AnthropicProvider::build_request(std::span<const Message> history,
                                             const RequestOptions& options) const {
  nlohmann::json messages = nlohmann::json::array();
  for (const Message& message : history) {
    // The API takes user and assistant turns only; system text goes in the top-level field.
    if (message.role == Role::system || !is_sendable(message)) continue;
    messages.push_back({{"role", to_string(message.role)}, {"content", message.content}});
  }
  nlohmann::json body = {{"model", options.model},
                         {"max_tokens", options.max_tokens.value_or(kDefaultMaxTokens)},
                         {"messages", std::move(messages)},
                         {"stream", true}};
  if (std::string system = combined_system_text(history, options); !system.empty()) {
    body["system"] = std::move(system);
  }
  if (options.temperature) body["temperature"] = *options.temperature;
  HttpRequest request =
      json_post(join_url(config_.base_url, "messages"), dump_body(body), Framing::sse);
  add_headers(request);
  return request;
}

void AnthropicProvider::add_headers(HttpRequest& request) const {
  if (!config_.api_key.empty()) request.headers.push_back({"x-api-key", config_.api_key});
  request.headers.push_back({"anthropic-version", "2023-06-01"});
}

std::unique_ptr<EventDecoder> AnthropicProvider::make_decoder() const {
  return std::make_unique<AnthropicDecoder>(config_.api_key);
}

std::string AnthropicProvider::error_message(std::string_view body) const {
  return redact(string_at(parse_lenient(body), {"error", "message"}), config_.api_key);
}

HttpRequest AnthropicProvider::build_models_request() const {
  // 1000 is the largest page the API serves: more models than that is not a worry yet.
  HttpRequest request = models_get(join_url(config_.base_url, "models?limit=1000"));
  add_headers(request);
  return request;
}

Error AnthropicProvider::parse_models(std::string_view body, std::vector<ModelInfo>& out) const {
  // {"data":[{"type":"model","id":...,"display_name":...}],"has_more":...}: all chat models.
  ModelListShape shape;
  shape.display_name_key = "display_name";
  return read_model_list(body, config_, shape, out);
}

}  // namespace tinychat::providers
