#pragma once

#include "sqlite.h"

namespace tinychat::store {

// The full-text index is brought up to date by searches, not by writers: a writer only notes a
// message in search_backlog (a trigger), which costs it next to nothing, and the first search
// after it indexes what waits. See schema.cpp, version 2.

/// Indexes the messages that wait. CROSS JOIN keeps the backlog the outer loop: left to choose,
/// SQLite's planner read every message (350 MB for a million) to find the 200 that waited.
inline constexpr const char* kIndexWaitingMessages =
    "INSERT INTO messages_fts (rowid, text) SELECT m.seq, m.text FROM search_backlog b "
    "CROSS JOIN messages m ON m.seq = b.seq WHERE m.text != ''";

/// Whether messages wait to be indexed.
bool search_backlog_waiting(Database& db);

/// Indexes the messages that wait, in the caller's write transaction.
void catch_up_search_index(Database& db);

}  // namespace tinychat::store
