#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "tinychat/conversation.h"

namespace tinychat::providers {

/// The request body as compact JSON. Message text may hold invalid UTF-8 (a pasted binary):
/// it becomes U+FFFD rather than throwing in the middle of a send.
std::string dump_body(const nlohmann::json& body);

/// The `messages` array that OpenAI's and Cohere v2's chat APIs share: the system prompt first
/// (when set), then every sendable turn as {"role", "content"}.
nlohmann::json role_content_messages(std::span<const Message> history,
                                     const std::string& system_prompt);

/// `body` parsed, or a discarded value when it is not JSON. Never throws: error bodies come from
/// servers and proxies and may be anything.
nlohmann::json parse_lenient(std::string_view body);

/// The string at `path` ("error", "message"), or "" when any step is missing or not a string.
std::string string_at(const nlohmann::json& json, std::initializer_list<std::string_view> path);

}  // namespace tinychat::providers
