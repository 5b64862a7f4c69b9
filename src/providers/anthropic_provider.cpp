#include "anthropic_provider.h"

#include "anthropic_decoder.h"
#include "history.h"
#include "json_body.h"
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
  if (!config_.api_key.empty()) request.headers.push_back({"x-api-key", config_.api_key});
  request.headers.push_back({"anthropic-version", "2023-06-01"});
  return request;
}

std::unique_ptr<EventDecoder> AnthropicProvider::make_decoder() const {
  return std::make_unique<AnthropicDecoder>(config_.api_key);
}

std::string AnthropicProvider::error_message(std::string_view body) const {
  return redact(string_at(parse_lenient(body), {"error", "message"}), config_.api_key);
}

}  // namespace tinychat::providers
