#include "search_index.h"

namespace tinychat::store {

bool search_backlog_waiting(Database& db) {
  Statement query(db, "SELECT EXISTS (SELECT 1 FROM search_backlog)");
  return query.step() && query.integer(0) != 0;
}

void catch_up_search_index(Database& db) {
  db.exec(
      "INSERT INTO messages_fts (rowid, text) SELECT m.seq, m.text FROM search_backlog b "
      "JOIN messages m ON m.seq = b.seq WHERE m.text != ''; "
      "DELETE FROM search_backlog;");
}

}  // namespace tinychat::store
