#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace tinychat::cli {

/// Far more than any model's context window (a million tokens is a few MiB of text), and a
/// bound on what `tinychat </dev/zero` can cost.
inline constexpr std::size_t kMaxStdinPrompt = std::size_t{64} << 20;

/// The prompt, or why there is none.
struct PromptInput {
  std::string text;
  std::string problem;  ///< Non-empty when standard input could not be read or was too large.
};

/// The prompt: the words given as arguments, joined by spaces; standard input when there are
/// none (or the only word is "-"); and both, arguments first, when input is piped in as well
/// (`git diff | tinychat "review this:"`). Standard input is read up to `max_stdin` bytes.
PromptInput read_prompt(const std::vector<std::string>& words,
                        std::size_t max_stdin = kMaxStdinPrompt);

/// Whether standard input is a pipe or a file (something that will reach end of file), as
/// opposed to a terminal or an inherited device that could block forever.
bool stdin_is_piped();

}  // namespace tinychat::cli
