#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tinychat::store {

/// A failed SQLite call. Inside the store every statement can fail the same few ways (disk full,
/// locked, read-only) and each needs the same handling, abandoning the transaction, so the
/// wrapper throws and each public Store method turns the failure into one Error.
class SqliteFailure : public std::runtime_error {
 public:
  SqliteFailure(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  /// The extended result code, e.g. SQLITE_FULL or SQLITE_BUSY_SNAPSHOT.
  int code() const { return code_; }
  int primary_code() const { return code_ & 0xff; }

 private:
  int code_;
};

/// One connection. Move-only; closes on destruction.
class Database {
 public:
  /// sqlite3_open_v2 with `flags`; throws SqliteFailure.
  Database(const std::filesystem::path& path, int flags);
  ~Database();
  Database(Database&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
  Database& operator=(Database&&) = delete;
  Database(const Database&) = delete;

  sqlite3* handle() const { return handle_; }
  /// Runs statements that return no rows; throws SqliteFailure.
  void exec(const char* sql);
  /// The connection sees the file read-only (no permission to write it).
  bool read_only() const;
  int changes() const;
  /// A failure for `code` with SQLite's message, plus the system's when the disk refused
  /// ("disk I/O error (File too large)").
  SqliteFailure failure(int code) const;

 private:
  sqlite3* handle_ = nullptr;
};

/// One prepared statement: bind, step, read columns. Move-only; finalizes on destruction.
class Statement {
 public:
  Statement(const Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept : db_(other.db_), handle_(other.handle_) {
    other.handle_ = nullptr;
  }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Parameters count from 1, as in SQL.
  Statement& bind(int index, std::string_view text);
  /// Text SQLite reads in place instead of copying: it must outlive the statement's use. For
  /// an answer's text, which can be hundreds of kilobytes.
  struct Borrowed {
    std::string_view text;
  };
  Statement& bind(int index, Borrowed text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::nullopt_t);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, std::nullopt);
  }
  /// Binds each argument to the parameter of its position.
  template <class... Values>
  Statement& bind_all(const Values&... values) {
    int index = 0;
    (bind(++index, values), ...);
    return *this;
  }

  /// True while a row is available; false once done. Throws SqliteFailure.
  bool step();
  /// Steps a statement that returns no rows.
  void run() { step(); }
  /// Ready to run again with new parameters.
  void reset();

  // Columns count from 0. Text views stay valid until the next step or reset.
  std::string_view text(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

 private:
  /// `destructor`: SQLITE_TRANSIENT (SQLite copies the bytes) or SQLITE_STATIC (it reads them
  /// where they are, until the statement is reset).
  Statement& bind_text(int index, std::string_view text, void (*destructor)(void*));

  const Database* db_;
  sqlite3_stmt* handle_ = nullptr;
};

/// The integer in the first column of `sql`'s first row ("PRAGMA user_version"); 0 when there
/// is no row. Throws SqliteFailure.
std::int64_t single_integer(const Database& db, const char* sql);

enum class TransactionKind {
  /// BEGIN IMMEDIATE: takes the write lock at once, waiting up to the busy timeout. A deferred
  /// transaction whose read turns into a write fails with SQLITE_BUSY at once instead, ignoring
  /// the timeout, when another process wrote meanwhile.
  write,
  /// BEGIN: one consistent snapshot for several reads; never blocks a writer (WAL).
  read,
};

/// A transaction, rolled back unless committed.
class Transaction {
 public:
  explicit Transaction(Database& db, TransactionKind kind = TransactionKind::write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

}  // namespace tinychat::store
