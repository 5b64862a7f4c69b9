#include "wal_size.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <string>

namespace tinychat::store {

namespace {

// The write-ahead log's format (sqlite.org/fileformat.html, "WAL File Format"): a 32-byte header
// whose bytes 8-11 are the page size (big-endian; 1 means 65536) and 16-23 the salts, then
// frames of a 24-byte header, whose bytes 8-15 repeat the salts, and a page.
constexpr std::size_t kWalHeaderBytes = 32;
constexpr std::size_t kFrameHeaderBytes = 24;
constexpr std::size_t kPageSizeAt = 8;
constexpr std::size_t kWalSaltsAt = 16;
constexpr std::size_t kFrameSaltsAt = 8;
constexpr std::size_t kSaltBytes = 8;

bool read_exactly(int fd, char* into, std::size_t size, off_t at) {
  return ::pread(fd, into, size, at) == static_cast<ssize_t>(size);
}

std::int64_t page_size_in(const std::array<char, kWalHeaderBytes>& header) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(header.data() + kPageSizeAt);
  const std::uint32_t size = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                             (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
  return size == 1 ? 65536 : static_cast<std::int64_t>(size);
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

bool wal_is_long(const std::filesystem::path& path) {
  const std::string wal = path.string() + "-wal";
  const int fd = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::array<char, kWalHeaderBytes> header{};
  std::array<char, kFrameHeaderBytes> frame{};
  bool long_log = false;
  if (read_exactly(fd, header.data(), header.size(), 0)) {
    const std::int64_t page_size = page_size_in(header);
    if (page_size >= 512 && page_size <= 65536) {
      const std::int64_t frame_bytes = page_size + static_cast<std::int64_t>(kFrameHeaderBytes);
      // The frame that starts within kLargeWalBytes and ends past it.
      const std::int64_t index = (kLargeWalBytes - kWalHeaderBytes) / frame_bytes;
      const off_t at = static_cast<off_t>(kWalHeaderBytes + index * frame_bytes);
      long_log =
          read_exactly(fd, frame.data(), frame.size(), at) &&
          std::memcmp(frame.data() + kFrameSaltsAt, header.data() + kWalSaltsAt, kSaltBytes) == 0;
    }
  }
  ::close(fd);
  return long_log;
}

void shorten_long_wal(Database& db, const std::filesystem::path& path) {
  try {
    if (!wal_is_long(path)) return;
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
