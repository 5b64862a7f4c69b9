#include "json_body.h"

#include "history.h"

namespace tinychat::providers {

std::string dump_body(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json parse_lenient(std::string_view body) {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string string_at(const nlohmann::json& json, std::initializer_list<std::string_view> path) {
  const nlohmann::json* at = &json;
  for (std::string_view step : path) {
    if (!at->is_object()) return {};
    const auto found = at->find(step);
    if (found == at->end()) return {};
    at = &*found;
  }
  return at->is_string() ? at->get<std::string>() : std::string();
}

nlohmann::json role_content_messages(std::span<const Message> history,
                                     const std::string& system_prompt) {
  nlohmann::json messages = nlohmann::json::array();
  if (!system_prompt.empty()) messages.push_back({{"role", "system"}, {"content", system_prompt}});
  for (const Message& message : history) {
    if (!is_sendable(message)) continue;
    messages.push_back({{"role", to_string(message.role)}, {"content", message.content}});
  }
  return messages;
}

}  // namespace tinychat::providers
