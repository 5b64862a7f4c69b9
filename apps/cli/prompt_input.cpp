#include "prompt_input.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <iterator>

namespace tinychat::cli {

namespace {

std::string read_all_stdin() {
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  return text;
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

std::string read_prompt(const std::vector<std::string>& words) {
  const bool explicit_stdin = words.size() == 1 && words[0] == "-";
  if (words.empty() || explicit_stdin) {
    // Reading a terminal is what the user asked for here: they type, then Ctrl-D.
    return read_all_stdin();
  }
  std::string prompt = join(words);
  if (stdin_is_piped()) {
    std::string piped = read_all_stdin();
    if (!piped.empty()) prompt += "\n\n" + piped;
  }
  return prompt;
}

}  // namespace tinychat::cli
