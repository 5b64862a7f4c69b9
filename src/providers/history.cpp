#include "history.h"

namespace tinychat::providers {

bool is_sendable(const Message& message) {
  return !(message.role == Role::assistant && message.content.empty());
}

std::string combined_system_text(std::span<const Message> history, const RequestOptions& options) {
  std::string text = options.system_prompt;
  for (const Message& message : history) {
    if (message.role != Role::system || message.content.empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += message.content;
  }
  return text;
}

HttpRequest json_post(std::string url, std::string body, Framing framing) {
  HttpRequest request;
  request.method = "POST";
  request.url = std::move(url);
  request.headers.push_back({"Content-Type", "application/json"});
  // NDJSON servers (Cohere v1) answer with their own stream type; asking for
  // text/event-stream there could only earn a 406.
  if (framing == Framing::sse) request.headers.push_back({"Accept", "text/event-stream"});
  request.body = std::move(body);
  return request;
}

void add_bearer_key(HttpRequest& request, const std::string& api_key) {
  if (!api_key.empty()) request.headers.push_back({"Authorization", "Bearer " + api_key});
}

}  // namespace tinychat::providers
