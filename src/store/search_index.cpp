#include "search_index.h"

namespace tinychat::store {

bool search_backlog_waiting(Database& db) {
  return single_integer(db, "SELECT EXISTS (SELECT 1 FROM search_backlog)") != 0;
}

void catch_up_search_index(Database& db) {
  db.exec(kIndexWaitingMessages);
  db.exec("DELETE FROM search_backlog");
}

}  // namespace tinychat::store
