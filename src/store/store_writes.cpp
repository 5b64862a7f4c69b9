#include <set>
#include <string>

#include "connection.h"
#include "message_rows.h"
#include "tinychat/store.h"
#include "url_without_userinfo.h"

namespace tinychat {

namespace {

using store::Database;
using store::Statement;

Error no_conversation(std::string_view id) {
  return Error(ErrorCode::invalid_argument, "no conversation with id " + std::string(id));
}

// Every message of an import must name an existing parent, come after it, and have an id.
Error check_tree(const StoredConversation& conversation) {
  std::set<std::string_view> seen;
  for (const StoredMessage& m : conversation.messages) {
    if (m.id.empty()) return Error(ErrorCode::invalid_argument, "a message has no id");
    if (!m.parent_id.empty() && !seen.contains(m.parent_id)) {
      return Error(ErrorCode::invalid_argument,
                   "message " + m.id + " follows " + m.parent_id +
                       ", which does not come before it in the conversation");
    }
    if (!seen.insert(m.id).second) {
      return Error(ErrorCode::invalid_argument, "message id " + m.id + " appears twice");
    }
  }
  const std::string& leaf = conversation.summary.current_leaf_id;
  if (!leaf.empty() && !seen.contains(leaf)) {
    return Error(ErrorCode::invalid_argument,
                 "the current message " + leaf + " is not one of the conversation's messages");
  }
  return {};
}

void insert_message(Database& db, std::string_view conversation_id, const StoredMessage& m) {
  // An imported answer that was still streaming has nobody left to finish it.
  const MessageStatus status =
      m.status == MessageStatus::streaming ? MessageStatus::interrupted : m.status;
  Statement(db,
            "INSERT INTO messages (id, conversation_id, parent_id, role, text, reasoning, status, "
            "error, finish_reason, provider, model, base_url, system_prompt, temperature, "
            "input_tokens, output_tokens, reasoning_tokens, cached_tokens, sent_ms, "
            "first_token_ms, finished_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(m.id, conversation_id, store::id_or_null(m.parent_id), to_string(m.role), m.text,
                m.reasoning, to_string(status), m.error, m.finish_reason, m.provider, m.model,
                store::url_without_userinfo(m.base_url), m.system_prompt, m.temperature,
                store::count_or_null(m.usage.input_tokens),
                store::count_or_null(m.usage.output_tokens),
                store::count_or_null(m.usage.reasoning_tokens),
                store::count_or_null(m.usage.cached_tokens), m.sent_ms,
                store::time_or_null(m.first_token_ms), store::time_or_null(m.finished_ms))
      .run();
}

}  // namespace

Error Store::set_title(std::string_view conversation_id, std::string_view title) {
  return connection_->write([&](Database& db) {
    Statement update(db, "UPDATE conversations SET title = ?2 WHERE id = ?1");
    update.bind_all(conversation_id, title).run();
    return db.changes() == 0 ? no_conversation(conversation_id) : Error();
  });
}

Error Store::set_current_leaf(std::string_view conversation_id, std::string_view message_id) {
  return connection_->write([&](Database& db) {
    Statement update(db,
                     "UPDATE conversations SET current_leaf_id = ?2 WHERE id = ?1 AND EXISTS "
                     "(SELECT 1 FROM messages WHERE id = ?2 AND conversation_id = ?1)");
    update.bind_all(conversation_id, message_id).run();
    if (db.changes() != 0) return Error();
    return Error(ErrorCode::invalid_argument, "conversation " + std::string(conversation_id) +
                                                  " has no message " + std::string(message_id));
  });
}

Error Store::delete_conversation(std::string_view conversation_id) {
  return connection_->write([&](Database& db) {
    // Its messages, their checkpoints and their full-text entries follow (ON DELETE CASCADE,
    // triggers).
    Statement(db, "DELETE FROM conversations WHERE id = ?").bind(1, conversation_id).run();
    return db.changes() == 0 ? no_conversation(conversation_id) : Error();
  });
}

Error Store::import_conversation(const StoredConversation& conversation, bool& added) {
  const ConversationSummary& summary = conversation.summary;
  if (summary.id.empty()) return Error(ErrorCode::invalid_argument, "a conversation has no id");
  if (Error error = check_tree(conversation)) return error;
  bool inserted = false;
  Error error = connection_->write([&](Database& db) {
    Statement exists(db, "SELECT 1 FROM conversations WHERE id = ?");
    exists.bind(1, summary.id);
    if (exists.step()) return Error();
    Statement(db,
              "INSERT INTO conversations (id, title, created_ms, updated_ms, current_leaf_id) "
              "VALUES (?, ?, ?, ?, ?)")
        .bind_all(summary.id, summary.title, summary.created_ms, summary.updated_ms,
                  store::id_or_null(summary.current_leaf_id))
        .run();
    for (const StoredMessage& message : conversation.messages) {
      insert_message(db, summary.id, message);
    }
    inserted = true;
    return Error();
  });
  if (!error) added = inserted;
  return error;
}

}  // namespace tinychat
