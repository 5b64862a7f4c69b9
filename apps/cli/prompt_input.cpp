#include "prompt_input.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "checked_output.h"

namespace tinychat::cli {

namespace {

// Reads standard input to its end, or until more than `max_bytes` arrived. Returns the problem,
// "" when none.
std::string read_all_stdin(std::string& text, std::size_t max_bytes) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n > 0) {
      if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
        text.clear();
        text.shrink_to_fit();
        return "standard input holds more than " + std::to_string(max_bytes >> 20) +
               " MiB, far more than any model reads; nothing was sent";
      }
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0) {
      return {};
    } else if (errno != EINTR) {
      return std::string("could not read standard input: ") + std::strerror(errno);
    }
  }
}

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

}  // namespace

bool stdin_is_piped() {
  struct stat info {};
  if (::fstat(STDIN_FILENO, &info) != 0) return false;
  return S_ISFIFO(info.st_mode) || S_ISREG(info.st_mode);
}

PromptInput read_prompt(const std::vector<std::string>& words, std::size_t max_stdin) {
  PromptInput input;
  const bool explicit_stdin = words.size() == 1 && words[0] == "-";
  if (words.empty() || explicit_stdin) {
    // Reading a terminal is what the user asked for here: they type, then Ctrl-D. Say so, or a
    // silent cursor looks like a hang.
    if (::isatty(STDIN_FILENO) == 1) {
      report("type the prompt, then press Ctrl-D on an empty line to send it (Ctrl-C to give up)");
    }
    input.problem = read_all_stdin(input.text, max_stdin);
    return input;
  }
  input.text = join(words);
  if (stdin_is_piped()) {
    std::string piped;
    input.problem = read_all_stdin(piped, max_stdin);
    if (!piped.empty()) {
      input.text.reserve(input.text.size() + 2 + piped.size());
      input.text += "\n\n";
      input.text += piped;
    }
  }
  return input;
}

}  // namespace tinychat::cli
