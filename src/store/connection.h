#pragma once

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <utility>

#include "sqlite.h"
#include "tinychat/error.h"

namespace tinychat::store {

/// A Store's one SQLite connection, shared by the threads of a process one call at a time.
struct Connection {
  Connection(std::filesystem::path file, Database database, std::chrono::milliseconds busy)
      : path(std::move(file)), db(std::move(database)), busy_timeout(busy) {}

  /// Runs `work(db)`, which returns an Error, in one BEGIN IMMEDIATE transaction under the lock;
  /// commits only when it returns none. A SQLite failure becomes ErrorCode::store naming the
  /// file and the cause.
  template <class Work>
  Error write(Work&& work) {
    return run(TransactionKind::write, "could not write to", std::forward<Work>(work));
  }
  /// The same for reads, in one snapshot.
  template <class Work>
  Error read(Work&& work) {
    return run(TransactionKind::read, "could not read", std::forward<Work>(work));
  }

  /// "could not write to the conversation store FILE: CAUSE".
  Error problem(std::string_view doing, const SqliteFailure& failure) const;

  const std::filesystem::path path;
  Database db;
  std::mutex mutex;
  const std::chrono::milliseconds busy_timeout;

 private:
  template <class Work>
  Error run(TransactionKind kind, std::string_view doing, Work&& work) {
    std::lock_guard lock(mutex);
    try {
      Transaction transaction(db, kind);
      if (Error error = work(db)) return error;
      transaction.commit();
      return {};
    } catch (const SqliteFailure& failure) {
      return problem(doing, failure);
    }
  }
};

/// What a SQLite failure means for the user, e.g. "database is locked: another process kept it
/// busy for more than 5000 ms".
std::string describe(const SqliteFailure& failure, std::chrono::milliseconds busy_timeout);

}  // namespace tinychat::store
