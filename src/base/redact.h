#pragma once

#include <string>
#include <string_view>

namespace tinychat {

/// `text` with every occurrence of `secret` replaced by "[redacted]"; an empty secret changes
/// nothing. The one place that keeps API keys out of messages, for every layer.
std::string redact(std::string text, std::string_view secret);

}  // namespace tinychat
