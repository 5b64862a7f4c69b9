#include "ids.h"

#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <mutex>

namespace tinychat::store {

namespace {

constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr int kIdLength = 16;  // 80 bits: 48 of time, 32 random
constexpr std::uint64_t kTimeMask = (std::uint64_t{1} << 48) - 1;

std::uint32_t random_bits() {
  std::uint32_t value = 0;
  // Never blocks once the kernel's pool is initialised, which it is long before any user runs
  // tinychat; EINTR is the only failure to retry.
  while (::getrandom(&value, sizeof value, 0) != static_cast<ssize_t>(sizeof value)) {
    if (errno != EINTR) break;
  }
  return value;
}

}  // namespace

std::string encode_id(std::uint64_t unix_ms, std::uint32_t random) {
  std::string id(kIdLength, '0');
  // The low 40 bits (random and the time's low 8 bits) fill the last 8 characters, the time's
  // high 40 bits the first 8: the text sorts as the numbers do.
  std::uint64_t low = ((unix_ms & 0xff) << 32) | random;
  std::uint64_t high = (unix_ms & kTimeMask) >> 8;
  for (int i = kIdLength - 1; i >= kIdLength / 2; --i, low >>= 5) id[i] = kAlphabet[low & 31];
  for (int i = kIdLength / 2 - 1; i >= 0; --i, high >>= 5) id[i] = kAlphabet[high & 31];
  return id;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string new_id(std::int64_t unix_ms) {
  // Strictly increasing within the process, even within one millisecond or when the clock
  // steps back: the next id continues from the last (ULID's monotonic rule).
  static std::mutex mutex;
  static std::uint64_t last_time = 0;
  static std::uint32_t last_random = 0;
  std::lock_guard lock(mutex);
  auto time = static_cast<std::uint64_t>(unix_ms) & kTimeMask;
  std::uint32_t random = random_bits();
  if (time <= last_time) {
    time = last_time;
    random = last_random + 1;
    if (random == 0) ++time;  // 2^32 ids in one millisecond: borrow the next one
  }
  last_time = time;
  last_random = random;
  return encode_id(time, random);
}

std::string new_id() { return new_id(now_ms()); }

std::optional<std::string> normalize_id_prefix(std::string_view text) {
  std::string prefix;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == 'o') c = '0';
    if (c == 'i' || c == 'l') c = '1';
    if (c == '-') continue;
    if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    prefix += c;
  }
  return prefix;
}

}  // namespace tinychat::store
