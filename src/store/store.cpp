#include "tinychat/store.h"

#include <sys/stat.h>

#include <string>
#include <thread>

#include "answer_rows.h"
#include "connection.h"
#include "schema.h"
#include "store_file.h"
#include "wal_size.h"

namespace tinychat {

namespace {

using store::SqliteFailure;

// Why an existing file must not be touched, from what its header says; empty when it is ours (or
// new). Each of these is checked before anything is written.
std::string reason_to_refuse(const store::SchemaStamp& stamp) {
  if (stamp.application_id != 0 && stamp.application_id != store::kApplicationId) {
    return "it is another program's SQLite database (application id " +
           std::to_string(stamp.application_id) + "), not tinychat's";
  }
  if (stamp.application_id == 0 && stamp.objects > 0) {
    return "it is another program's SQLite database (it holds tables tinychat did not make)";
  }
  if (stamp.user_version > store::kSchemaVersion) {
    return "it was written by a newer tinychat (schema version " +
           std::to_string(stamp.user_version) + "; this one knows up to " +
           std::to_string(store::kSchemaVersion) + ")";
  }
  return {};
}

// A file nobody may write (mode 0444) is read-only for tinychat even when run by root, whom
// SQLite would let write it: the user made it so on purpose.
bool has_no_write_permission(const std::filesystem::path& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && (info.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0;
}

// Switching to WAL needs a moment alone with the file, and SQLite answers SQLITE_BUSY at once,
// without waiting as the busy timeout says, when other processes open the file at the same
// moment (eight tinychats started together do). So the switch waits here instead.
void switch_to_wal(store::Database& db, std::chrono::milliseconds busy_timeout) {
  const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
  while (true) {
    try {
      db.exec("PRAGMA journal_mode = WAL");
      return;
    } catch (const SqliteFailure& failure) {
      if (failure.primary_code() != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) {
        throw;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

std::string_view to_string(MessageStatus status) {
  switch (status) {
    case MessageStatus::complete:
      return "complete";
    case MessageStatus::streaming:
      return "streaming";
    case MessageStatus::interrupted:
      return "interrupted";
    case MessageStatus::failed:
      return "failed";
  }
  return "interrupted";
}

Store::Store(std::unique_ptr<store::Connection> connection) : connection_(std::move(connection)) {}

Store::~Store() {
  // Under the connection's lock: a recorder's thread may still be finishing a write.
  std::lock_guard lock(connection_->mutex);
  store::shorten_long_wal(connection_->db, connection_->path);
}

const std::filesystem::path& Store::path() const { return connection_->path; }

Error Store::open(const std::filesystem::path& path, std::shared_ptr<Store>& out,
                  StoreOptions options) {
  if (Error error = store::prepare_store_file(path)) return error;
  const auto refused = [&](std::string_view cause) {
    return Error(ErrorCode::store,
                 store::store_problem(path, std::string(cause) +
                                                "; it was left untouched (TINYCHAT_DB chooses "
                                                "another file)"));
  };
  try {
    // No SQLITE_OPEN_CREATE: prepare_store_file made the file with the right mode. NOMUTEX:
    // Connection's own mutex serialises every use.
    store::Database db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
    sqlite3_busy_timeout(db.handle(), static_cast<int>(options.busy_timeout.count()));
    // Reads only, until the file is known to be ours: a file that is not a database fails here
    // with SQLITE_NOTADB, before any write could damage it.
    const store::SchemaStamp stamp = store::read_schema_stamp(db);
    if (std::string reason = reason_to_refuse(stamp); !reason.empty()) return refused(reason);
    if (db.read_only() || has_no_write_permission(path)) {
      return refused("it is read-only, and tinychat writes every turn to it");
    }
    // WAL: readers never wait for the writer, and a commit costs no fsync with NORMAL, which
    // survives a crash of the program (a power cut may lose the last commits, never the file).
    switch_to_wal(db, options.busy_timeout);
    db.exec(("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = " +
             std::to_string(store::kWalFileLimit))
                .c_str());
    if (options.cache_kib > 0) {
      db.exec(("PRAGMA cache_size = -" + std::to_string(options.cache_kib)).c_str());
    }

    auto connection =
        std::make_unique<store::Connection>(path, std::move(db), options.busy_timeout);
    if (stamp.user_version < store::kSchemaVersion) store::migrate(connection->db);
    if (store::has_abandoned_answers(connection->db)) {
      // The first writer to open the file after a crash repairs what the crash left.
      if (Error error = connection->write([](store::Database& database) {
            store::interrupt_abandoned_answers(database);
            return Error();
          })) {
        return error;
      }
    }
    out = std::shared_ptr<Store>(new Store(std::move(connection)));
    return {};
  } catch (const SqliteFailure& failure) {
    const int code = failure.primary_code();
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      return refused(store::describe(failure, options.busy_timeout));
    }
    return Error(ErrorCode::store,
                 store::store_problem(path, store::describe(failure, options.busy_timeout)));
  }
}

}  // namespace tinychat
