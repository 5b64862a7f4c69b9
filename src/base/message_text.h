#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tinychat {

/// How much of a provider's own error message is shown: OpenAI's longest (context length,
/// content policy) stay well under it, and 5 MB of server text in a terminal helps nobody.
inline constexpr std::size_t kMaxProviderMessage = 2000;
/// How much of a raw (non-JSON) error body stands in for a provider message.
inline constexpr std::size_t kMaxBodyExcerpt = 300;

/// `text` cut to at most `max_bytes` on a UTF-8 character boundary, with "..." when something
/// was left off. Cut only text that is already redacted.
std::string cut_message(std::string text, std::size_t max_bytes);

/// `text` with every run of white space (newlines included) folded into one space and the ends
/// trimmed, so that an HTML page or pretty-printed JSON reads as one line.
std::string fold_whitespace(std::string_view text);

}  // namespace tinychat
