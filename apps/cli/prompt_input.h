#pragma once

#include <string>
#include <vector>

namespace tinychat::cli {

/// The prompt: the words given as arguments, joined by spaces; standard input when there are
/// none (or the only word is "-"); and both, arguments first, when input is piped in as well
/// (`git diff | tinychat "review this:"`).
std::string read_prompt(const std::vector<std::string>& words);

/// Whether standard input is a pipe or a file (something that will reach end of file), as
/// opposed to a terminal or an inherited device that could block forever.
bool stdin_is_piped();

}  // namespace tinychat::cli
