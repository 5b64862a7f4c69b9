#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tinychat::providers {

/// The request body as compact JSON. Message text may hold invalid UTF-8 (a pasted binary):
/// it becomes U+FFFD rather than throwing in the middle of a send.
std::string dump_body(const nlohmann::json& body);

/// `body` parsed, or a discarded value when it is not JSON. Never throws: error bodies come from
/// servers and proxies and may be anything.
nlohmann::json parse_lenient(std::string_view body);

/// The string at `path` ("error", "message"), or "" when any step is missing or not a string.
std::string string_at(const nlohmann::json& json, std::initializer_list<std::string_view> path);

}  // namespace tinychat::providers
