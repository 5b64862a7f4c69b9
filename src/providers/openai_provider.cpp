#include "openai_provider.h"

#include <cctype>

#include "base/url_authority.h"
#include "history.h"
#include "json_body.h"
#include "model_list_json.h"
#include "openai_decoder.h"
#include "text_util.h"

namespace tinychat::providers {

namespace {

// api.openai.com lists every model of the account: embeddings, speech, images, moderation,
// legacy completions, realtime and search models cannot answer a chat completions request.
bool is_openai_chat_model(const nlohmann::json&, std::string_view id) {
  static constexpr std::string_view kNotChat[] = {
      "embedding",  "whisper",  "tts",   "dall-e", "moderation", "davinci", "babbage",
      "transcribe", "realtime", "image", "audio",  "search",     "sora",    "computer-use"};
  std::string lower(id);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word : kNotChat) {
    if (lower.find(word) != std::string::npos) return false;
  }
  return true;
}

// Mistral says what each model can do; an entry without capabilities is kept.
bool is_mistral_chat_model(const nlohmann::json& entry, std::string_view) {
  const auto capabilities = entry.find("capabilities");
  return capabilities == entry.end() || !is_false(*capabilities, "completion_chat");
}

// Together types its models: chat, language, code, image, embedding, moderation, rerank, audio.
bool is_together_chat_model(const nlohmann::json& entry, std::string_view) {
  const auto type = entry.find("type");
  return type == entry.end() || !type->is_string() || type->get_ref<const std::string&>() == "chat";
}

// OpenAI's own service (and Azure's copy of it) wants max_completion_tokens and refuses
// max_tokens for its reasoning models; every OpenAI-compatible server reads max_tokens, and
// llama.cpp builds before mid-2025 ignore the other and generate until the context is full.
bool wants_max_completion_tokens(const ProviderConfig& config) {
  if (config.dialect != OpenAIDialect::openai) return false;
  const std::string host = url_host(config.base_url);
  return host == "api.openai.com" || host.ends_with(".openai.azure.com");
}

}  // namespace

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
    body[wants_max_completion_tokens(config_) ? "max_completion_tokens" : "max_tokens"] =
        *options.max_tokens;
  }
  HttpRequest request =
      json_post(join_url(config_.base_url, "chat/completions"), dump_body(body), Framing::sse);
  add_bearer_key(request, config_.api_key);
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

HttpRequest OpenAIProvider::build_models_request() const {
  HttpRequest request = models_get(join_url(config_.base_url, "models"));
  add_bearer_key(request, config_.api_key);
  return request;
}

Error OpenAIProvider::parse_models(std::string_view body, std::vector<ModelInfo>& out) const {
  ModelListShape shape;  // {"object":"list","data":[{"id":...}]}
  switch (config_.dialect) {
    case OpenAIDialect::openai:
      shape.is_chat_model = is_openai_chat_model;
      break;
    case OpenAIDialect::mistral:
      // Aliases come as entries of their own: they are kept, as users type them.
      shape.is_chat_model = is_mistral_chat_model;
      break;
    case OpenAIDialect::together:
      shape.array_key = "";  // a bare array
      shape.display_name_key = "display_name";
      shape.is_chat_model = is_together_chat_model;
      break;
    case OpenAIDialect::generic:
      break;  // Ollama, vLLM...: whatever the server serves, it serves for chat.
  }
  return read_model_list(body, config_, shape, out);
}

}  // namespace tinychat::providers
