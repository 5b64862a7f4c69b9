#include "wal_size.h"

#include <string>
#include <system_error>

namespace tinychat::store {

namespace {

// SQLite's own automatic checkpoint starts here (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT).
constexpr int kAutoCheckpointFrames = 1000;
// Each frame of the log is a page and a header.
constexpr std::int64_t kFrameHeaderBytes = 24;

int on_commit(void* length, sqlite3* db, const char* schema, int frames) {
  static_cast<WalLength*>(length)->frames.store(frames, std::memory_order_relaxed);
  // As sqlite3WalDefaultHook: its result is ignored there too, since the commit is done.
  if (frames >= kAutoCheckpointFrames) sqlite3_wal_checkpoint(db, schema);
  return SQLITE_OK;
}

std::int64_t single_integer(Database& db, const char* sql) {
  Statement query(db, sql);
  return query.step() ? query.integer(0) : 0;
}

bool log_is_long(Database& db, const std::filesystem::path& path, const WalLength& length) {
  const int frames = length.frames.load(std::memory_order_relaxed);
  if (frames > 0 &&
      frames * (single_integer(db, "PRAGMA page_size") + kFrameHeaderBytes) > kLargeWalBytes) {
    return true;
  }
  // A process that wrote nothing knows only the file's size, and a file kept for reuse is up to
  // kWalFileLimit long whatever the log in it: only a larger one is surely a long log.
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path.string() + "-wal", error);
  return !error && size > static_cast<std::uintmax_t>(kWalFileLimit);
}

// A checkpoint leaves the log in place: SQLite starts it again only when the next transaction
// writes, and a process that opens the file before that reads all of it, having no way to know
// it was copied. So one write follows, the smallest there is: the schema version, rewritten as
// it stands, under the write lock so that nobody changes it meanwhile.
void start_log_again(Database& db) {
  Transaction transaction(db);
  const std::int64_t version = single_integer(db, "PRAGMA user_version");
  db.exec(("PRAGMA user_version = " + std::to_string(version)).c_str());
  transaction.commit();
}

}  // namespace

void watch_wal_length(Database& db, WalLength& length) {
  sqlite3_wal_hook(db.handle(), on_commit, &length);
}

void shorten_long_wal(Database& db, const std::filesystem::path& path, const WalLength& length) {
  try {
    if (!log_is_long(db, path, length)) return;
    // A short wait, not the store's busy timeout: this is housekeeping at exit, and a busy store
    // only means another process will do it later.
    sqlite3_busy_timeout(db.handle(), 100);
    int logged = 0;
    int copied = 0;
    if (sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_RESTART, &logged,
                                  &copied) != SQLITE_OK ||
        copied != logged) {
      return;
    }
    start_log_again(db);
  } catch (const SqliteFailure&) {
    // Housekeeping only: every turn is safe in the log, which a later close shortens.
  }
}

}  // namespace tinychat::store
