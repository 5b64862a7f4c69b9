#include "wal_size.h"

#include <system_error>

namespace tinychat::store {

void truncate_large_wal(Database& db, const std::filesystem::path& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path.string() + "-wal", error);
  if (error || size <= kLargeWalBytes) return;
  // A short wait, not the store's busy timeout: this is housekeeping at exit, and a busy store
  // only means another process will do it later.
  sqlite3_busy_timeout(db.handle(), 100);
  sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

}  // namespace tinychat::store
