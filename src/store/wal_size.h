#pragma once

#include <cstdint>
#include <filesystem>

#include "sqlite.h"

namespace tinychat::store {

/// Past this size a store's write-ahead log is emptied into the file when a Store closes.
/// Connections close without a checkpoint (sqlite.cpp: it cost two fsyncs per prompt), so the
/// log outlives them, and every process that opens the store first reads and checksums all of
/// it (SQLite rebuilds its index of the log): a log of 100 MB, left by indexing a large import,
/// made each `tinychat log -q` take 60 ms. Bounding it bounds that cost (about 0.4 ms per MiB)
/// while small turns still close without an fsync.
inline constexpr std::uintmax_t kLargeWalBytes = 1024 * 1024;

/// Empties the log into the database file and truncates it when it is larger than
/// kLargeWalBytes. Waits at most a moment for other connections' transactions: when they keep
/// it busy, the log stays, and a later close empties it.
void truncate_large_wal(Database& db, const std::filesystem::path& path);

}  // namespace tinychat::store
