#pragma once

#include <simdjson.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "tinychat/provider.h"

namespace tinychat::providers {

namespace ondemand = simdjson::ondemand;

/// Rewrites every "\\uXXXX" escape of an unpaired UTF-16 surrogate in `json` as "\\ufffd" (the
/// same length), so that the string decodes with U+FFFD in its place. Returns whether it
/// replaced any.
bool replace_lone_surrogate_escapes(std::string& json);

/// The shared machinery of the stream decoders. Events are decoded on the hot path, so one
/// simdjson parser and one padded buffer are kept per decoder and reused for every event: in the
/// steady state only the delta strings allocate.
class JsonEventDecoder : public EventDecoder {
 protected:
  explicit JsonEventDecoder(std::string api_key) : api_key_(std::move(api_key)) {}

  /// Parses `data` as a JSON object and calls `read(root)`, which returns simdjson's error or
  /// SUCCESS. Every string view read stays valid until the next call.
  ///
  /// simdjson refuses a string with an unpaired surrogate escape, which some servers emit when
  /// they cut an emoji's UTF-16 pair in two; one U+FFFD is the better loss than the event. So
  /// when a string was refused and the event has such escapes, they are replaced and the event
  /// is read again: `read` must start from a clean state each time it is called. Looking for
  /// them only then keeps a scan of every event's bytes off the hot path.
  template <typename Read>
  simdjson::error_code read_object(std::string_view data, Read&& read) {
    ondemand::object root;
    simdjson::error_code error = parse_object(data, root);
    if (!error) error = read(root);
    if (error != simdjson::STRING_ERROR || !replace_lone_surrogate_escapes(buffer_)) return error;
    error = parse_buffer(root);
    if (!error) error = read(root);
    return error;
  }

  /// ErrorCode::malformed_stream naming the simdjson error, with a short redacted excerpt. An
  /// SSE event named "error" is the server failing even when its data is not JSON (a proxy's
  /// plain-text message): that is a stream_error quoting the data.
  Error malformed(std::string_view type, std::string_view data, simdjson::error_code code) const;
  /// ErrorCode::stream_error with the server's own message, redacted.
  Error server_error(std::string_view message) const;

 private:
  std::string api_key_;
  simdjson::error_code parse_object(std::string_view data, ondemand::object& root);
  simdjson::error_code parse_buffer(ondemand::object& root);

  ondemand::parser parser_;
  ondemand::document document_;
  std::string buffer_;
};

/// Whether the value is JSON null (a type error counts as not null; the caller's read reports it).
bool is_null(ondemand::value& value);

/// A string that may be null: null gives "" and success; any other type is INCORRECT_TYPE.
simdjson::error_code read_string(ondemand::value& value, std::string_view& out);

/// A token count, or -1 when it is null or not a number: counts are informational, so an odd one
/// must not fail the answer. Integers and whole floats (Cohere's billed units) both work.
std::int64_t read_count(ondemand::value& value);

/// The offset of the first '"' or '\\' in the 8 bytes at `p` (8 when there is none). The
/// document's padding makes reading 8 bytes past any key safe.
inline unsigned quote_or_backslash_in_word(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof word);
  // The first byte in memory must be the lowest in the word, for the reasoning below.
  if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t quotes = word ^ (kOnes * '"');
  const std::uint64_t backslashes = word ^ (kOnes * '\\');
  // A zero byte in either marks a match. The lowest flagged byte is always a true match (only
  // bytes above a true one can be flagged wrongly), and the lowest is the one wanted.
  const std::uint64_t found =
      ((quotes - kOnes) & ~quotes & kHighs) | ((backslashes - kOnes) & ~backslashes & kHighs);
  return found == 0 ? 8 : static_cast<unsigned>(std::countr_zero(found)) / 8;
}

/// The field's key, unescaped. A key without a backslash (nearly all) is read where it stands in
/// the document; only one with an escape is unescaped into the parser's string buffer, which
/// costs a string kernel call per key. Keys are looked for 8 bytes at a time: a byte at a time,
/// finding the end of each key was a tenth of decoding an OpenAI chunk.
inline simdjson::error_code field_key(ondemand::field& field, std::string_view& key) {
  const char* const start = field.key().raw();  // Just after the opening quote.
  const char* end = start;
  // The document is valid JSON (simdjson checked its structure), so a closing quote follows.
  unsigned offset;
  while ((offset = quote_or_backslash_in_word(end)) == 8) end += 8;
  end += offset;
  if (*end == '"') {
    key = std::string_view(start, static_cast<std::size_t>(end - start));
    return simdjson::SUCCESS;
  }
  return field.unescaped_key().get(key);
}

/// Calls `visit(key, value)` for each field of `value`, which must be an object; stops at the
/// first error, from simdjson or from `visit`. The key is unescaped.
template <typename Visit>
simdjson::error_code for_each_field(ondemand::object& object, Visit&& visit) {
  for (auto result : object) {
    if (auto error = result.error()) return error;
    // Used where it stands: copying the field out of its result cost a store-forwarding stall
    // per field (GCC copies the just-built value with one 16-byte load), a fifth of decoding.
    ondemand::field& field = result.value_unsafe();
    std::string_view key;
    if (auto error = field_key(field, key)) return error;
    if (auto error = visit(key, field.value())) return error;
  }
  return simdjson::SUCCESS;
}

template <typename Visit>
simdjson::error_code for_each_field(ondemand::value& value, Visit&& visit) {
  ondemand::object object;
  if (auto error = value.get_object().get(object)) return error;
  return for_each_field(object, std::forward<Visit>(visit));
}

/// Like for_each_field, but null or a missing value is simply nothing to visit.
template <typename Visit>
simdjson::error_code for_each_field_if_object(ondemand::value& value, Visit&& visit) {
  if (is_null(value)) return simdjson::SUCCESS;
  return for_each_field(value, std::forward<Visit>(visit));
}

/// Calls `visit(value)` for each element of `value`, which must be an array or null.
template <typename Visit>
simdjson::error_code for_each_element(ondemand::value& value, Visit&& visit) {
  if (is_null(value)) return simdjson::SUCCESS;
  ondemand::array array;
  if (auto error = value.get_array().get(array)) return error;
  for (auto result : array) {
    if (auto error = result.error()) return error;
    if (auto error = visit(result.value_unsafe())) return error;
  }
  return simdjson::SUCCESS;
}

/// Data that only pads the stream: empty or whitespace (some servers send blank data lines).
bool is_blank(std::string_view data);

}  // namespace tinychat::providers
