#include "cohere_provider.h"

#include "cohere_decoder.h"
#include "cohere_v1_decoder.h"
#include "history.h"
#include "json_body.h"
#include "model_list_json.h"
#include "text_util.h"

namespace tinychat::providers {

namespace {

// The model list exists under /v1 only: a base ending in /v2 becomes /v1, any other stays.
std::string v1_base(std::string_view base) {
  while (base.ends_with('/')) base.remove_suffix(1);
  if (base.ends_with("/v2")) return std::string(base.substr(0, base.size() - 3)) + "/v1";
  return std::string(base);
}

// endpoint=chat already filters; a proxy that ignores the query still gets embed models out.
bool serves_chat(const nlohmann::json& entry, std::string_view) {
  const auto endpoints = entry.find("endpoints");
  return endpoints == entry.end() || !endpoints->is_array() ||
         array_contains(entry, "endpoints", "chat");
}

}  // namespace

CohereProvider::CohereProvider(ProviderConfig config)
    : config_(std::move(config)), v1_(url_ends_with(config_.base_url, "/v1")) {}

HttpRequest CohereProvider::build_request(std::span<const Message> history,
                                          const RequestOptions& options) const {
  HttpRequest request =
      json_post(join_url(config_.base_url, "chat"),
                v1_ ? v1_body(history, options) : v2_body(history, options), framing());
  add_bearer_key(request, config_.api_key);
  return request;
}

std::string CohereProvider::v2_body(std::span<const Message> history,
                                    const RequestOptions& options) const {
  nlohmann::json body = {{"model", options.model},
                         {"messages", role_content_messages(history, options.system_prompt)},
                         {"stream", true}};
  if (options.temperature) body["temperature"] = *options.temperature;
  if (options.max_tokens) body["max_tokens"] = *options.max_tokens;
  return dump_body(body);
}

std::string CohereProvider::v1_body(std::span<const Message> history,
                                    const RequestOptions& options) const {
  // v1 takes the new turn apart ("message") from the turns before it ("chat_history").
  std::string message;
  if (!history.empty()) {
    message = history.back().content;
    history = history.first(history.size() - 1);
  }
  nlohmann::json chat_history = nlohmann::json::array();
  for (const Message& turn : history) {
    if (turn.role == Role::system || !is_sendable(turn)) continue;
    chat_history.push_back(
        {{"role", turn.role == Role::assistant ? "CHATBOT" : "USER"}, {"message", turn.content}});
  }
  nlohmann::json body = {{"model", options.model},
                         {"message", std::move(message)},
                         {"chat_history", std::move(chat_history)},
                         {"stream", true}};
  if (std::string preamble = combined_system_text(history, options); !preamble.empty()) {
    body["preamble"] = std::move(preamble);
  }
  if (options.temperature) body["temperature"] = *options.temperature;
  if (options.max_tokens) body["max_tokens"] = *options.max_tokens;
  return dump_body(body);
}

std::unique_ptr<EventDecoder> CohereProvider::make_decoder() const {
  if (v1_) return std::make_unique<CohereV1Decoder>(config_.api_key);
  return std::make_unique<CohereDecoder>(config_.api_key);
}

std::string CohereProvider::error_message(std::string_view body) const {
  return redact(string_at(parse_lenient(body), {"message"}), config_.api_key);
}

HttpRequest CohereProvider::build_models_request() const {
  HttpRequest request =
      models_get(join_url(v1_base(config_.base_url), "models?endpoint=chat&page_size=1000"));
  add_bearer_key(request, config_.api_key);
  return request;
}

Error CohereProvider::parse_models(std::string_view body, std::vector<ModelInfo>& out) const {
  // {"models":[{"name":...,"endpoints":["chat",...]}],"next_page_token":...}
  ModelListShape shape;
  shape.array_key = "models";
  shape.id_key = "name";
  shape.is_chat_model = serves_chat;
  return read_model_list(body, config_, shape, out);
}

}  // namespace tinychat::providers
