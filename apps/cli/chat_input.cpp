#include "chat_input.h"

namespace tinychat::cli {

namespace {

bool is_fence(const std::string& line) {
  const std::size_t first = line.find_first_not_of(" \t");
  const std::size_t last = line.find_last_not_of(" \t");
  return first != std::string::npos && line.compare(first, last - first + 1, "\"\"\"") == 0;
}

}  // namespace

LineRead read_chat_input(LineSource& source, std::string& text, bool& block) {
  text.clear();
  block = false;
  std::string line;
  LineRead read = source.read(line, false);
  if (read != LineRead::line) return read;
  if (is_fence(line)) {
    block = true;
    bool first = true;
    while ((read = source.read(line, true)) == LineRead::line && !is_fence(line)) {
      if (!first) text += '\n';
      text += line;
      first = false;
    }
    if (read == LineRead::interrupted) return read;
    return read == LineRead::end && first ? LineRead::end : LineRead::line;
  }
  while (!line.empty() && line.back() == '\\') {
    line.pop_back();
    text += line;
    text += '\n';
    read = source.read(line, true);
    if (read == LineRead::interrupted) return read;
    if (read == LineRead::end) return LineRead::line;
  }
  text += line;
  return LineRead::line;
}

}  // namespace tinychat::cli
