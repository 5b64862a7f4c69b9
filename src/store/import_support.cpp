#include "import_support.h"

#include "ids.h"

namespace tinychat::store {

std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t hash = 14695981039346656037ull ^ seed;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string derived_id(std::int64_t unix_ms, std::string_view key) {
  const std::uint64_t hash = stable_hash(key);
  const auto low = static_cast<std::uint32_t>(hash ^ (hash >> 32));
  if (unix_ms > 0) return encode_id(static_cast<std::uint64_t>(unix_ms), low);
  // A second, independent hash for the 48 bits that would hold the time.
  return encode_id(stable_hash(key, 0x9e3779b97f4a7c15ull), low);
}

void complete_summary(StoredConversation& conversation) {
  ConversationSummary& summary = conversation.summary;
  summary.turns = 0;
  summary.model.clear();
  std::string_view latest_answer;  // the store takes the model of the greatest answer id
  for (const StoredMessage& message : conversation.messages) {
    if (message.role == Role::user) ++summary.turns;
    if (message.role == Role::assistant && message.id > latest_answer) {
      latest_answer = message.id;
      summary.model = message.model;
    }
  }
}

std::string line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string out = "line ";
  out += std::to_string(line);
  out += ", column ";
  out += std::to_string(offset - line_start + 1);
  return out;
}

}  // namespace tinychat::store
