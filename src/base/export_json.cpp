#include <nlohmann/json.hpp>

#include "tinychat/export.h"

namespace tinychat {

std::string export_json(const History& history) {
  nlohmann::ordered_json messages = nlohmann::ordered_json::array();
  for (const Message& message : history) {
    nlohmann::ordered_json entry{{"role", to_string(message.role)}, {"content", message.content}};
    if (!message.reasoning.empty()) entry["reasoning"] = message.reasoning;
    if (message.interrupted) entry["interrupted"] = true;
    messages.push_back(std::move(entry));
  }
  const nlohmann::ordered_json document{
      {"format", "tinychat.conversation"}, {"version", 1}, {"messages", std::move(messages)}};
  // Replace rather than throw: an export must never fail over one bad byte.
  return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace tinychat
