#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tinychat::store {

/// A new id for a conversation or a message: 16 characters of Crockford's base32 (lower case)
/// holding a 48-bit millisecond timestamp and 32 random bits. Ids sort by creation time, strictly
/// within a process; across processes, 32 random bits per millisecond keep them apart (and the
/// database's unique index refuses the rare collision rather than overwrite).
std::string new_id();
/// new_id() as if the clock said `unix_ms`: for tests.
std::string new_id(std::int64_t unix_ms);
/// The id of a time (48 bits used) and a random part, without new_id()'s monotonic rule.
std::string encode_id(std::uint64_t unix_ms, std::uint32_t random);

/// `text` as the start of an id: lower case, Crockford's aliases read as the digits they look
/// like (o as 0, i and l as 1), hyphens dropped. Empty when `text` holds a character no id has.
std::optional<std::string> normalize_id_prefix(std::string_view text);

/// Milliseconds since 1970, the store's timestamps.
std::int64_t now_ms();

}  // namespace tinychat::store
