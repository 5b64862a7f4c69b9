#include "openai_provider.h"

#include "history.h"
#include "json_body.h"
#include "openai_decoder.h"
#include "text_util.h"

namespace tinychat::providers {

HttpRequest OpenAIProvider::build_request(std::span<const Message> history,
                                          const RequestOptions& options) const {
  nlohmann::json body = {{"model", options.model},
                         {"messages", role_content_messages(history, options.system_prompt)},
                         {"stream", true}};
  const OpenAIDialect dialect = config_.dialect;
  // Usage comes only when asked for at OpenAI; Mistral and Together send it unasked on the
  // final chunk and have rejected unknown parameters in the past.
  if (dialect == OpenAIDialect::openai || dialect == OpenAIDialect::generic) {
    body["stream_options"] = {{"include_usage", true}};
  }
  if (options.temperature) body["temperature"] = *options.temperature;
  if (options.max_tokens) {
    // OpenAI's reasoning models refuse the legacy max_tokens; the others know only it.
    body[dialect == OpenAIDialect::openai ? "max_completion_tokens" : "max_tokens"] =
        *options.max_tokens;
  }
  HttpRequest request =
      json_post(join_url(config_.base_url, "chat/completions"), dump_body(body), Framing::sse);
  // Local servers (Ollama, llama.cpp) need no key; an empty "Bearer " would only confuse them.
  if (!config_.api_key.empty()) {
    request.headers.push_back({"Authorization", "Bearer " + config_.api_key});
  }
  return request;
}

std::unique_ptr<EventDecoder> OpenAIProvider::make_decoder() const {
  return std::make_unique<OpenAIDecoder>(config_.api_key);
}

std::string OpenAIProvider::error_message(std::string_view body) const {
  const nlohmann::json json = parse_lenient(body);
  // OpenAI and Together: {"error":{"message":...}}; Mistral: {"message":...} or
  // {"detail":"Unauthorized"}; some proxies: {"error":"..."}.
  std::string message = string_at(json, {"error", "message"});
  if (message.empty()) message = string_at(json, {"error"});
  if (message.empty()) message = string_at(json, {"message"});
  if (message.empty()) message = string_at(json, {"detail"});
  return redact(std::move(message), config_.api_key);
}

}  // namespace tinychat::providers
