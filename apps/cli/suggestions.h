#pragma once

#include <span>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace tinychat::cli {

/// The candidate closest to `word` by edit distance (insertions, deletions, substitutions and
/// swaps of neighbours), or "" when none is close enough to be what was meant: at most 2 edits,
/// and fewer than half the word's length.
std::string closest_name(std::string_view word, std::span<const std::string> candidates);

/// Makes `app`'s parse errors read as tinychat's other messages ("tinychat: ..."), and an
/// unknown option name the closest real one: "unknown option --modle: did you mean --model?".
void use_friendly_parse_errors(CLI::App& app);

}  // namespace tinychat::cli
