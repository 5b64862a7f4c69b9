#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tinychat/error.h"
#include "tinychat/store.h"

namespace tinychat::store {

/// An id that is always the same for the same `key` (an id in another program, or a hash of
/// content): what makes a second import of the same file add nothing. It sorts by `unix_ms`
/// like new_id()'s when the time is known (> 0); otherwise all 80 bits come from the key.
std::string derived_id(std::int64_t unix_ms, std::string_view key);

/// 64-bit FNV-1a: a stable hash (std::hash may differ between builds), not a secure one.
std::uint64_t stable_hash(std::string_view bytes, std::uint64_t seed = 0);

/// Fills what the store derives rather than keeps (the latest answer's model, the number of
/// prompts), so that a conversation read from a file equals the one the store gives back.
void complete_summary(StoredConversation& conversation);

/// "line 3, column 7" of byte `offset` in `text` (columns count bytes, from 1).
std::string line_and_column(std::string_view text, std::size_t offset);

/// ErrorCode::invalid_argument: what an import file holds that cannot be read.
inline Error import_error(std::string message) {
  return Error(ErrorCode::invalid_argument, std::move(message));
}

}  // namespace tinychat::store
