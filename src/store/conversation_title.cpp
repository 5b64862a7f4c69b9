#include "conversation_title.h"

namespace tinychat::store {

namespace {

constexpr std::string_view kBlank = " \t\r\f\v";

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

}  // namespace

std::string title_from_prompt(std::string_view prompt) {
  std::string_view line;
  while (!prompt.empty()) {
    const std::size_t end = prompt.find('\n');
    line = prompt.substr(0, end);
    prompt.remove_prefix(end == std::string_view::npos ? prompt.size() : end + 1);
    const std::size_t start = line.find_first_not_of(kBlank);
    if (start == std::string_view::npos) continue;
    line = line.substr(start, line.find_last_not_of(kBlank) - start + 1);
    break;
  }
  if (line.find_first_not_of(kBlank) == std::string_view::npos) return {};
  if (line.size() <= kMaxTitleBytes) return std::string(line);
  std::size_t cut = kMaxTitleBytes;
  while (cut > 0 && is_utf8_continuation(line[cut])) --cut;
  return std::string(line.substr(0, cut)) + "…";
}

}  // namespace tinychat::store
