#include "gemini_provider.h"

#include "gemini_decoder.h"
#include "history.h"
#include "json_body.h"
#include "model_list_json.h"
#include "text_util.h"

namespace tinychat::providers {

namespace {

// The resource path of a model: the API lists names as "models/x", users type "x", and tuned
// models live under "tunedModels/".
std::string model_path(std::string_view model) {
  if (model.starts_with("tunedModels/")) return std::string(model);
  if (model.starts_with("models/")) model.remove_prefix(7);
  return "models/" + std::string(model);
}

// Embedding, AQA and Imagen models list other methods (embedContent, predict...).
bool can_generate_content(const nlohmann::json& entry, std::string_view) {
  return array_contains(entry, "supportedGenerationMethods", "generateContent");
}

}  // namespace

HttpRequest GeminiProvider::build_request(std::span<const Message> history,
                                          const RequestOptions& options) const {
  nlohmann::json contents = nlohmann::json::array();
  for (const Message& message : history) {
    if (message.role == Role::system || !is_sendable(message)) continue;
    contents.push_back({{"role", message.role == Role::assistant ? "model" : "user"},
                        {"parts", nlohmann::json::array({{{"text", message.content}}})}});
  }
  nlohmann::json body = {{"contents", std::move(contents)}};
  if (std::string system = combined_system_text(history, options); !system.empty()) {
    body["systemInstruction"] = {{"parts", nlohmann::json::array({{{"text", system}}})}};
  }
  nlohmann::json generation = nlohmann::json::object();
  if (options.temperature) generation["temperature"] = *options.temperature;
  if (options.max_tokens) generation["maxOutputTokens"] = *options.max_tokens;
  if (!generation.empty()) body["generationConfig"] = std::move(generation);
  // Without alt=sse the endpoint streams one big JSON array instead of events. The key goes in
  // a header: URLs end up in logs and error messages.
  HttpRequest request = json_post(
      join_url(config_.base_url, model_path(options.model) + ":streamGenerateContent?alt=sse"),
      dump_body(body), Framing::sse);
  if (!config_.api_key.empty()) request.headers.push_back({"x-goog-api-key", config_.api_key});
  return request;
}

std::unique_ptr<EventDecoder> GeminiProvider::make_decoder() const {
  return std::make_unique<GeminiDecoder>(config_.api_key);
}

std::string GeminiProvider::error_message(std::string_view body) const {
  nlohmann::json json = parse_lenient(body);
  // Some Google front ends wrap the error in a one-element array.
  if (json.is_array() && !json.empty()) json = json.front();
  return redact(string_at(json, {"error", "message"}), config_.api_key);
}

HttpRequest GeminiProvider::build_models_request() const {
  HttpRequest request = models_get(join_url(config_.base_url, "models?pageSize=1000"));
  if (!config_.api_key.empty()) request.headers.push_back({"x-goog-api-key", config_.api_key});
  return request;
}

Error GeminiProvider::parse_models(std::string_view body, std::vector<ModelInfo>& out) const {
  // {"models":[{"name":"models/gemini-2.5-flash","displayName":...,
  //   "supportedGenerationMethods":[...]}],"nextPageToken":...}; no "models" at all when empty.
  ModelListShape shape;
  shape.array_key = "models";
  shape.array_may_be_missing = true;
  shape.id_key = "name";
  shape.id_prefix = "models/";
  shape.display_name_key = "displayName";
  shape.is_chat_model = can_generate_content;
  return read_model_list(body, config_, shape, out);
}

}  // namespace tinychat::providers
