#include <string>

#include "connection.h"
#include "ids.h"
#include "message_rows.h"
#include "search_index.h"
#include "tinychat/store.h"

namespace tinychat {

namespace {

using store::Database;
using store::Statement;

std::string summary_query(std::string_view condition) {
  std::string sql = "SELECT ";
  sql += store::kSummaryColumns;
  sql += " FROM conversations c ";
  sql += condition;
  return sql;
}

std::string message_query(std::string_view rest) {
  std::string sql = "SELECT ";
  sql += store::kMessageColumns;
  sql += " ";
  sql += rest;
  return sql;
}

// The user's words as an FTS5 query: each a quoted string, so that punctuation ("c++",
// "don't") and FTS5's operators (AND, NEAR, *) are searched as text instead of failing to parse.
// Quoted strings side by side must all match; a '*' after the last makes it a prefix.
std::string fts_query(std::string_view words, bool last_word_is_prefix) {
  std::string query;
  std::size_t at = 0;
  while (at < words.size()) {
    const std::size_t start = words.find_first_not_of(" \t\r\n", at);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(words.find_first_of(" \t\r\n", start), words.size());
    if (!query.empty()) query += ' ';
    query += '"';
    for (char c : words.substr(start, end - start)) {
      if (c == '"') query += '"';
      query += c;
    }
    query += '"';
    at = end;
  }
  if (last_word_is_prefix && !query.empty()) query += '*';
  return query;
}

Error no_message(std::string_view id) {
  return Error(ErrorCode::invalid_argument, "no message with id " + std::string(id));
}

}  // namespace

Error Store::recent_conversations(std::size_t limit, std::vector<ConversationSummary>& out) const {
  std::vector<ConversationSummary> found;
  Error error = connection_->read([&](Database& db) {
    Statement query(db, summary_query("ORDER BY c.updated_ms DESC, c.id DESC LIMIT ?"));
    query.bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    while (query.step()) found.push_back(store::read_summary(query));
    return Error();
  });
  if (!error) out = std::move(found);
  return error;
}

Error Store::find_conversation(std::string_view id_or_prefix, ConversationSummary& out) const {
  const std::optional<std::string> prefix = store::normalize_id_prefix(id_or_prefix);
  if (!prefix || prefix->empty()) {
    // Appended rather than "\"" + ...: GCC 12 warns falsely on the latter (its bug 105651).
    std::string message = "\"";
    message.append(id_or_prefix).append("\" is not a conversation id");
    return Error(ErrorCode::invalid_argument, std::move(message));
  }
  std::vector<ConversationSummary> found;
  Error error = connection_->read([&](Database& db) {
    // A range rather than LIKE: it uses the primary key's index, and '~' sorts after every
    // character an id holds.
    Statement query(db, summary_query("WHERE c.id >= ?1 AND c.id < ?1 || '~' LIMIT 2"));
    query.bind(1, *prefix);
    while (query.step()) found.push_back(store::read_summary(query));
    return Error();
  });
  if (error) return error;
  if (found.empty()) {
    return Error(ErrorCode::invalid_argument,
                 "no conversation with id " + std::string(id_or_prefix) + " in " + path().string());
  }
  if (found.size() > 1) {
    return Error(ErrorCode::invalid_argument,
                 "more than one conversation has an id that starts with " +
                     std::string(id_or_prefix) + ": give more of it");
  }
  out = std::move(found.front());
  return {};
}

Error Store::load_conversation(std::string_view conversation_id, StoredConversation& out) const {
  StoredConversation loaded;
  Error error = connection_->read([&](Database& db) {
    Statement summary(db, summary_query("WHERE c.id = ?"));
    summary.bind(1, conversation_id);
    if (!summary.step()) {
      return Error(ErrorCode::invalid_argument,
                   "no conversation with id " + std::string(conversation_id));
    }
    loaded.summary = store::read_summary(summary);
    // seq is the order of insertion: parents always come before their children.
    Statement messages(db, message_query("FROM messages m WHERE m.conversation_id = ? "
                                         "ORDER BY m.seq"));
    messages.bind(1, conversation_id);
    loaded.messages = store::read_messages(db, messages);
    return Error();
  });
  if (!error) out = std::move(loaded);
  return error;
}

Error Store::branch(std::string_view leaf_id, std::vector<StoredMessage>& out) const {
  std::vector<StoredMessage> path_to_leaf;
  Error error = connection_->read([&](Database& db) {
    Statement query(db,
                    "WITH RECURSIVE path(id, depth) AS ("
                    "  SELECT id, 0 FROM messages WHERE id = ?"
                    "  UNION ALL"
                    "  SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path"
                    "    ON m.id = path.id WHERE m.parent_id IS NOT NULL) " +
                        message_query("FROM path JOIN messages m ON m.id = path.id "
                                      "ORDER BY path.depth DESC"));
    query.bind(1, leaf_id);
    path_to_leaf = store::read_messages(db, query);
    return path_to_leaf.empty() ? no_message(leaf_id) : Error();
  });
  if (!error) out = std::move(path_to_leaf);
  return error;
}

Error Store::siblings(std::string_view message_id, std::vector<StoredMessage>& out) const {
  std::vector<StoredMessage> found;
  Error error = connection_->read([&](Database& db) {
    Statement query(db, message_query("FROM messages me JOIN messages m "
                                      "ON m.conversation_id = me.conversation_id "
                                      "AND m.parent_id IS me.parent_id "
                                      "WHERE me.id = ? ORDER BY m.id"));
    query.bind(1, message_id);
    found = store::read_messages(db, query);
    return found.empty() ? no_message(message_id) : Error();
  });
  if (!error) out = std::move(found);
  return error;
}

Error Store::search(std::string_view words, const SearchOptions& options,
                    std::vector<SearchHit>& out) const {
  const std::string query_text = fts_query(words, options.last_word_is_prefix);
  if (query_text.empty()) return Error(ErrorCode::invalid_argument, "nothing to search for");
  // Messages written since the last search are indexed first (search_index.h), so a search
  // always sees every message; the write lock is taken only when some wait.
  bool waiting = false;
  if (Error error = connection_->read([&](Database& db) {
        waiting = store::search_backlog_waiting(db);
        return Error();
      })) {
    return error;
  }
  if (waiting) {
    if (Error error = connection_->write([](Database& db) {
          store::catch_up_search_index(db);
          return Error();
        })) {
      return error;
    }
  }
  std::vector<SearchHit> hits;
  Error error = connection_->read([&](Database& db) {
    // Newest first: FTS5 walks its index in rowid order, so with LIMIT it stops early, where
    // ranking would score every match first.
    Statement query(db, "SELECT m.id, m.role, snippet(messages_fts, 0, ?2, ?3, '…', 16), " +
                            std::string(store::kSummaryColumns) +
                            " FROM messages_fts JOIN messages m ON m.seq = messages_fts.rowid"
                            " JOIN conversations c ON c.id = m.conversation_id"
                            " WHERE messages_fts MATCH ?1 ORDER BY messages_fts.rowid DESC"
                            " LIMIT ?4");
    query.bind_all(query_text, options.match_start, options.match_end,
                   static_cast<std::int64_t>(std::min<std::size_t>(options.limit, INT64_MAX)));
    while (query.step()) {
      SearchHit hit;
      hit.message_id = query.text(0);
      hit.role = store::role_from(query.text(1));
      hit.snippet = query.text(2);
      hit.conversation = store::read_summary(query, 3);
      hits.push_back(std::move(hit));
    }
    return Error();
  });
  if (!error) out = std::move(hits);
  return error;
}

}  // namespace tinychat
