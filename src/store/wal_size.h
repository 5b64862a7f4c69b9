#pragma once

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
/// over one that need not 0.45 ms (`bench/store_write_bench`).
inline constexpr std::int64_t kWalFileLimit = 4 * 1024 * 1024;

/// Whether the write-ahead log of the store at `path` is longer than kLargeWalBytes, read from
/// the log's file, whose length says nothing since it is kept for reuse: the frame that starts
/// before that length and ends past it is the current log's when its header repeats the salts
/// of the log's header, and a frame left from an earlier log has others. Two reads of a few
/// bytes. False when there is no log.
bool wal_is_long(const std::filesystem::path& path);

/// When the log is long, copies it into the database file and starts it again, so that the next
/// process to open the store reads one page of it rather than all. Waits at most a moment for
/// other connections' transactions: when they keep it busy, the log stays as it is, and a later
/// close shortens it.
void shorten_long_wal(Database& db, const std::filesystem::path& path);

}  // namespace tinychat::store
