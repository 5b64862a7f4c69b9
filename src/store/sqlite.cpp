#include "sqlite.h"

#include <cstring>

namespace tinychat::store {

Database::Database(const std::filesystem::path& path, int flags) {
  const int code = sqlite3_open_v2(path.c_str(), &handle_, flags | SQLITE_OPEN_EXRESCODE, nullptr);
  if (code != SQLITE_OK) {
    // Even a failed open returns a handle (for the message), which must be closed.
    SqliteFailure failed = handle_ ? failure(code) : SqliteFailure(code, sqlite3_errstr(code));
    sqlite3_close_v2(handle_);
    handle_ = nullptr;
    throw failed;
  }
  // No checkpoint when the last connection closes. A one-shot tinychat opens and closes the
  // store for every prompt, and copying the WAL into the file at each close (two fsyncs) cost
  // more than the rest of recording; committed turns are safe in the WAL either way, and SQLite
  // still checkpoints every 1000 pages while writing. It also keeps a connection that only
  // looked at a file it refuses (read-only, newer) from writing that file as it closes.
  sqlite3_db_config(handle_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

Database::~Database() {
  if (handle_) sqlite3_close_v2(handle_);
}

void Database::exec(const char* sql) {
  const int code = sqlite3_exec(handle_, sql, nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) throw failure(code);
}

bool Database::read_only() const { return sqlite3_db_readonly(handle_, "main") == 1; }

int Database::changes() const { return sqlite3_changes(handle_); }

SqliteFailure Database::failure(int code) const {
  std::string message = sqlite3_errmsg(handle_);
  // "disk I/O error" alone does not tell a full disk from a file size limit or a dying disk.
  const int system_error = sqlite3_system_errno(handle_);
  const int primary = code & 0xff;
  if (system_error != 0 && (primary == SQLITE_IOERR || primary == SQLITE_FULL ||
                            primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY)) {
    message += " (";
    message += std::strerror(system_error);
    message += ")";
  } else if (code == SQLITE_IOERR_WRITE) {
    // SQLite reports ENOSPC as SQLITE_FULL, but a file size limit (EFBIG) or a quota only as a
    // failed write, and by then errno is often gone.
    message += " (a write failed: the disk may be full, or a file size limit or quota reached)";
  }
  return SqliteFailure(code, message);
}

Statement::Statement(const Database& db, std::string_view sql) : db_(&db) {
  const int code =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &handle_, nullptr);
  if (code != SQLITE_OK) throw db.failure(code);
}

Statement::~Statement() { sqlite3_finalize(handle_); }

Statement& Statement::bind_text(int index, std::string_view text, void (*destructor)(void*)) {
  // A null pointer would bind NULL, not empty text: an empty view may have one.
  const char* bytes = text.data() ? text.data() : "";
  const int code = sqlite3_bind_text64(handle_, index, bytes, text.size(), destructor, SQLITE_UTF8);
  if (code != SQLITE_OK) throw db_->failure(code);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  // SQLite copies the bytes, so callers may pass temporaries.
  return bind_text(index, text, SQLITE_TRANSIENT);
}

Statement& Statement::bind(int index, Borrowed text) {
  return bind_text(index, text.text, SQLITE_STATIC);
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int code = sqlite3_bind_int64(handle_, index, value);
  if (code != SQLITE_OK) throw db_->failure(code);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  const int code = sqlite3_bind_double(handle_, index, value);
  if (code != SQLITE_OK) throw db_->failure(code);
  return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
  const int code = sqlite3_bind_null(handle_, index);
  if (code != SQLITE_OK) throw db_->failure(code);
  return *this;
}

bool Statement::step() {
  const int code = sqlite3_step(handle_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  throw db_->failure(code);
}

void Statement::reset() {
  sqlite3_reset(handle_);
  sqlite3_clear_bindings(handle_);
}

std::string_view Statement::text(int column) const {
  const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(handle_, column));
  if (bytes == nullptr) return {};
  return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(handle_, column))};
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(handle_, column); }

double Statement::real(int column) const { return sqlite3_column_double(handle_, column); }

bool Statement::is_null(int column) const {
  return sqlite3_column_type(handle_, column) == SQLITE_NULL;
}

std::int64_t single_integer(const Database& db, const char* sql) {
  Statement query(db, sql);
  return query.step() ? query.integer(0) : 0;
}

Transaction::Transaction(Database& db, TransactionKind kind) : db_(db) {
  db_.exec(kind == TransactionKind::write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  // A failed statement may have rolled back already; ROLLBACK then fails harmlessly.
  if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace tinychat::store
