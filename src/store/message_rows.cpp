#include "message_rows.h"

#include <string>

#include "writer_identity.h"

namespace tinychat::store {

namespace {

std::int64_t optional_count(const Statement& row, int column) {
  return row.is_null(column) ? -1 : row.integer(column);
}

// Appends what a streaming answer's checkpoints hold: its text lives in answer_chunks until the
// answer ends.
void add_checkpointed_text(Database& db, StoredMessage& message) {
  Statement chunks(db,
                   "SELECT text, reasoning FROM answer_chunks WHERE message_id = ? ORDER BY seq");
  chunks.bind(1, message.id);
  while (chunks.step()) {
    message.text += chunks.text(0);
    message.reasoning += chunks.text(1);
  }
}

}  // namespace

std::optional<std::int64_t> count_or_null(std::int64_t count) {
  return count < 0 ? std::nullopt : std::optional<std::int64_t>(count);
}

std::optional<std::int64_t> time_or_null(std::int64_t unix_ms) {
  return unix_ms == 0 ? std::nullopt : std::optional<std::int64_t>(unix_ms);
}

std::optional<std::string_view> id_or_null(std::string_view id) {
  return id.empty() ? std::nullopt : std::optional<std::string_view>(id);
}

Role role_from(std::string_view text) {
  if (text == "assistant") return Role::assistant;
  if (text == "system") return Role::system;
  return Role::user;
}

MessageStatus status_from(std::string_view text) {
  if (text == "complete") return MessageStatus::complete;
  if (text == "streaming") return MessageStatus::streaming;
  if (text == "failed") return MessageStatus::failed;
  return MessageStatus::interrupted;
}

std::vector<StoredMessage> read_messages(Database& db, Statement& query) {
  std::vector<StoredMessage> messages;
  std::vector<std::pair<std::size_t, std::string>> streaming;  // index, writer
  while (query.step()) {
    StoredMessage m;
    m.id = query.text(0);
    m.conversation_id = query.text(1);
    m.parent_id = query.text(2);
    m.role = role_from(query.text(3));
    m.text = query.text(4);
    m.reasoning = query.text(5);
    m.status = status_from(query.text(6));
    m.error = query.text(7);
    m.finish_reason = query.text(8);
    m.provider = query.text(9);
    m.model = query.text(10);
    m.base_url = query.text(11);
    m.system_prompt = query.text(12);
    if (!query.is_null(13)) m.temperature = query.real(13);
    m.usage.input_tokens = optional_count(query, 14);
    m.usage.output_tokens = optional_count(query, 15);
    m.usage.reasoning_tokens = optional_count(query, 16);
    m.usage.cached_tokens = optional_count(query, 17);
    m.sent_ms = query.integer(18);
    m.first_token_ms = query.integer(19);
    m.finished_ms = query.integer(20);
    if (m.status == MessageStatus::streaming) {
      streaming.emplace_back(messages.size(), std::string(query.text(21)));
    }
    messages.push_back(std::move(m));
  }
  for (const auto& [index, writer] : streaming) {
    StoredMessage& m = messages[index];
    add_checkpointed_text(db, m);
    if (!writer_alive(writer)) {
      m.status = MessageStatus::interrupted;
      m.error = kWriterGone;
    }
  }
  return messages;
}

ConversationSummary read_summary(const Statement& row, int first) {
  ConversationSummary summary;
  summary.id = row.text(first);
  summary.title = row.text(first + 1);
  summary.created_ms = row.integer(first + 2);
  summary.updated_ms = row.integer(first + 3);
  summary.current_leaf_id = row.text(first + 4);
  summary.model = row.text(first + 5);
  summary.turns = static_cast<std::size_t>(row.integer(first + 6));
  return summary;
}

}  // namespace tinychat::store
