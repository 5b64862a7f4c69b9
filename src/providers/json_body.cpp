#include "json_body.h"

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

}  // namespace tinychat::providers
