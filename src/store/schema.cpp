#include "schema.h"

#include <string>

namespace tinychat::store {

namespace {

// Version 1. A migration, once released, never changes: files written by it exist. Changes go
// into a new one, tested from a fixture file of the version before it.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE conversations (
  id TEXT PRIMARY KEY NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  current_leaf_id TEXT
);
CREATE INDEX conversations_by_update ON conversations(updated_ms);

-- A tree: regenerating an answer or editing a prompt adds a sibling (same parent).
-- seq is the full-text index's rowid, explicit so that VACUUM keeps it.
CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES messages(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
  text TEXT NOT NULL DEFAULT '',
  reasoning TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'complete'
    CHECK (status IN ('complete', 'streaming', 'interrupted', 'failed')),
  error TEXT NOT NULL DEFAULT '',
  finish_reason TEXT NOT NULL DEFAULT '',
  provider TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  base_url TEXT NOT NULL DEFAULT '',
  system_prompt TEXT NOT NULL DEFAULT '',
  temperature REAL,
  input_tokens INTEGER,
  output_tokens INTEGER,
  reasoning_tokens INTEGER,
  cached_tokens INTEGER,
  sent_ms INTEGER NOT NULL,
  first_token_ms INTEGER,
  finished_ms INTEGER,
  -- Who writes a streaming answer: boot id, pid and the process's start time. A streaming
  -- answer whose writer is gone reads as interrupted.
  writer TEXT
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE INDEX messages_by_parent ON messages(parent_id);
CREATE INDEX messages_streaming ON messages(writer) WHERE status = 'streaming';

-- An answer's text as it streams, one row per checkpoint: appending costs the new bytes only,
-- where rewriting messages.text would cost the whole answer each time. Joined into
-- messages.text when the answer ends (or when its writer is found gone).
CREATE TABLE answer_chunks (
  message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  reasoning TEXT NOT NULL,
  PRIMARY KEY (message_id, seq)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE messages_fts USING fts5(
  text, content='messages', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
-- Empty texts (answers still streaming) stay out of the index.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text != '' BEGIN
  INSERT INTO messages_fts(rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text != '' BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER messages_fts_update_old AFTER UPDATE OF text ON messages WHEN old.text != '' BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER messages_fts_update_new AFTER UPDATE OF text ON messages WHEN new.text != '' BEGIN
  INSERT INTO messages_fts(rowid, text) VALUES (new.seq, new.text);
END;
)sql";

// Version 2. Indexing a text for search costs several times what storing it does (for a 600 KB
// answer, more CPU than the whole stream's decoding), so the writer no longer indexes: it notes
// the message in search_backlog, and the next search indexes what waits
// (search_index.cpp). The index's rule: every message with a text is either indexed
// with that text or waiting in the backlog, never both.
constexpr const char* kVersion2 = R"sql(
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update_old;
DROP TRIGGER messages_fts_update_new;

CREATE TABLE search_backlog (seq INTEGER PRIMARY KEY);

CREATE TRIGGER messages_text_insert AFTER INSERT ON messages WHEN new.text != '' BEGIN
  INSERT OR IGNORE INTO search_backlog (seq) VALUES (new.seq);
END;
-- One trigger, so that the index entry is removed before the backlog is changed: SQLite does not
-- promise an order between triggers.
CREATE TRIGGER messages_text_update AFTER UPDATE OF text ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.seq, old.text
    WHERE old.text != '' AND NOT EXISTS (SELECT 1 FROM search_backlog WHERE seq = old.seq);
  DELETE FROM search_backlog WHERE seq = old.seq AND new.text = '';
  INSERT OR IGNORE INTO search_backlog (seq) SELECT new.seq WHERE new.text != '';
END;
CREATE TRIGGER messages_text_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.seq, old.text
    WHERE old.text != '' AND NOT EXISTS (SELECT 1 FROM search_backlog WHERE seq = old.seq);
  DELETE FROM search_backlog WHERE seq = old.seq;
END;
)sql";

struct Migration {
  int version;
  const char* sql;
};

constexpr Migration kMigrations[] = {{1, kVersion1}, {2, kVersion2}};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

}  // namespace

SchemaStamp read_schema_stamp(Database& db) {
  // One statement, one snapshot: read one by one, the three could straddle another process's
  // migration and show its new tables without its application id, as if the file were foreign.
  Statement query(db,
                  "SELECT (SELECT user_version FROM pragma_user_version), "
                  "(SELECT application_id FROM pragma_application_id), "
                  "(SELECT count(*) FROM sqlite_schema)");
  query.step();
  SchemaStamp stamp;
  stamp.user_version = static_cast<int>(query.integer(0));
  stamp.application_id = static_cast<std::int32_t>(query.integer(1));
  stamp.objects = query.integer(2);
  return stamp;
}

void migrate(Database& db) {
  Transaction transaction(db);
  // Read again under the write lock: another process may have migrated meanwhile.
  const auto version = single_integer(db, "PRAGMA user_version");
  if (version >= kSchemaVersion) return;
  for (const Migration& migration : kMigrations) {
    if (migration.version > version) db.exec(migration.sql);
  }
  db.exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion) +
           "; PRAGMA application_id = " + std::to_string(kApplicationId))
              .c_str());
  transaction.commit();
}

}  // namespace tinychat::store
