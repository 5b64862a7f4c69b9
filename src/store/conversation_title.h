#pragma once

#include <string>
#include <string_view>

namespace tinychat::store {

/// At most this many bytes of the prompt make a title.
inline constexpr std::size_t kMaxTitleBytes = 80;

/// A conversation's title from its first prompt: the first line that is not blank, trimmed, cut
/// at kMaxTitleBytes (on a character boundary, then "…").
std::string title_from_prompt(std::string_view prompt);

}  // namespace tinychat::store
