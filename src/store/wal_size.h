#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>

#include "sqlite.h"

namespace tinychat::store {

/// Past this length a store's write-ahead log is copied into the file, and started again from
/// its beginning, when a Store closes. Connections close without a checkpoint (sqlite.cpp: it
/// cost two fsyncs per prompt), so the log outlives them, and every process that opens the
/// store first reads and checksums all of it (SQLite rebuilds its index of the log): a log of
/// 100 MB, left by indexing a large import, made each `tinychat log -q` take 60 ms. Bounding it
/// bounds that cost (about 0.4 ms per MiB) while small turns still close without an fsync.
inline constexpr std::int64_t kLargeWalBytes = 1024 * 1024;

/// The log's file is cut back to this size when the log starts again (PRAGMA
/// journal_size_limit), not to nothing: the next writer then writes over pages the kernel
/// already holds. Writing 1 MiB of log into a file that must grow cost 1.0 ms of CPU on ext4,
/// over one that need not 0.45 ms (`bench/store_write_bench`). A file past this size means a
/// long log nobody has started again; any process closing the store shortens it.
inline constexpr std::int64_t kWalFileLimit = 4 * 1024 * 1024;

/// How long the write-ahead log was when this connection last committed, in frames (pages).
struct WalLength {
  std::atomic<int> frames{0};
};

/// Keeps `length` current (sqlite3_wal_hook). A hook replaces SQLite's automatic checkpoint, so
/// it does what that did: a passive checkpoint once the log reaches 1000 pages.
void watch_wal_length(Database& db, WalLength& length);

/// When the log is long (by what this connection saw, or by its file's size), copies it into
/// the database file and starts it again, so that the next process to open the store reads one
/// page of it rather than all. Waits at most a moment for other connections' transactions:
/// when they keep it busy, the log stays as it is, and a later close shortens it.
void shorten_long_wal(Database& db, const std::filesystem::path& path, const WalLength& length);

}  // namespace tinychat::store
