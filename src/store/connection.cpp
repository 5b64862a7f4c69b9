#include "connection.h"

namespace tinychat::store {

std::string describe(const SqliteFailure& failure, std::chrono::milliseconds busy_timeout) {
  std::string cause = failure.what();
  switch (failure.primary_code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      cause += ": another process kept it busy for more than " +
               std::to_string(busy_timeout.count()) + " ms";
      break;
    case SQLITE_NOTADB:
      cause = "it is not a SQLite database (" + cause + ")";
      break;
    case SQLITE_CONSTRAINT:
      if (failure.code() == SQLITE_CONSTRAINT_FOREIGNKEY) {
        cause = "its conversation was deleted meanwhile (" + cause + ")";
      }
      break;
    case SQLITE_CORRUPT:
      cause = "it is damaged (" + cause + "); sqlite3's .recover command may save what it holds";
      break;
    default:
      break;
  }
  return cause;
}

Error Connection::problem(std::string_view doing, const SqliteFailure& failure) const {
  std::string message(doing);
  message += " the conversation store ";
  message += path.string();
  message += ": ";
  message += describe(failure, busy_timeout);
  return Error(ErrorCode::store, std::move(message));
}

}  // namespace tinychat::store
