#include "tinychat/export.h"

namespace tinychat {

std::string export_text(const History& history) {
  // The original wrote "You: q" and "LLM: a" back to back; a newline between them keeps its
  // markers while making the file readable, and a blank line still separates the turns.
  std::string out;
  for (const Message& message : history) {
    if (message.role == Role::user) {
      if (!out.empty()) out += "\n\n";
      out += "You: ";
      out += message.content;
    } else if (message.role == Role::assistant) {
      if (!out.empty()) out += '\n';
      out += "LLM: ";
      out += message.content;
      if (message.interrupted) out += " [interrupted]";
    }
  }
  return out;
}

}  // namespace tinychat
