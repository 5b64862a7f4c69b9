#include "tinychat/export.h"

namespace tinychat {

namespace {

// Reasoning is quoted line by line, so that its own blank lines do not end the quote.
void append_quoted(std::string& out, const std::string& text) {
  out += "> **Reasoning**\n>\n";
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += end == start ? ">" : "> ";
    out.append(text, start, end - start);
    out += '\n';
    start = end + 1;
  }
  out += '\n';
}

}  // namespace

std::string export_markdown(const History& history) {
  std::string out = "# Conversation\n";
  for (const Message& message : history) {
    switch (message.role) {
      case Role::system:
        out += "\n## System\n\n";
        break;
      case Role::user:
        out += "\n## You\n\n";
        break;
      case Role::assistant:
        out += "\n## LLM\n\n";
        if (!message.reasoning.empty()) append_quoted(out, message.reasoning);
        break;
    }
    out += message.content;
    if (!message.content.empty() && message.content.back() != '\n') out += '\n';
    if (message.interrupted) out += "\n*(interrupted)*\n";
  }
  return out;
}

}  // namespace tinychat
