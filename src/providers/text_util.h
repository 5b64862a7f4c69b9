#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/redact.h"

namespace tinychat::providers {

/// `base` + "/" + `path`, whether or not `base` ends in "/" (users paste both forms).
std::string join_url(std::string_view base, std::string_view path);

/// Whether `base` (trailing "/" ignored) ends with `suffix`, e.g. "/v1".
bool url_ends_with(std::string_view base, std::string_view suffix);

/// At most `max_bytes` of `data`, redacted first (so a key cut in half cannot leak) and cut on a
/// UTF-8 character boundary, with "..." when something was left off.
std::string excerpt(std::string_view data, std::string_view key, std::size_t max_bytes = 120);

}  // namespace tinychat::providers
