#include "tinychat/sse_parser.h"

#include <bit>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tinychat {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Error too_large(std::size_t bound) {
  return Error(ErrorCode::event_too_large,
               "an event or line of more than " + std::to_string(bound) + " bytes: dropped");
}

// Where the next CR or LF is, from `from`; npos if neither. Lines are long (JSON) and line ends
// rare: one pass of 16 bytes a step where the CPU has vectors (every x86-64 has SSE2), which
// took over from two memchr scans, one for each character; elsewhere those two scans.
std::size_t find_line_end(std::string_view text, std::size_t from) {
#if defined(__SSE2__)
  const char* const begin = text.data();
  const char* at = begin + from;
  const char* const end = begin + text.size();
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  for (; end - at >= 16; at += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const int found =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, lf), _mm_cmpeq_epi8(bytes, cr)));
    if (found != 0) {
      return static_cast<std::size_t>(at - begin) +
             static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(found)));
    }
  }
  for (; at < end; ++at) {
    if (*at == '\n' || *at == '\r') return static_cast<std::size_t>(at - begin);
  }
  return std::string_view::npos;
#else
  const char* begin = text.data() + from;
  const std::size_t size = text.size() - from;
  const void* lf = std::memchr(begin, '\n', size);
  const std::size_t lf_at = lf ? static_cast<const char*>(lf) - begin : size;
  const void* cr = std::memchr(begin, '\r', lf_at);
  const std::size_t at = cr ? static_cast<const char*>(cr) - begin : lf_at;
  return at == size ? std::string_view::npos : from + at;
#endif
}

}  // namespace

SseParser::SseParser(SseParserOptions options) : options_(options) {}

Error SseParser::feed(std::string_view bytes, const EventCallback& on_event) {
  Error error;
  std::string_view text = decoder_.decode(bytes);
  if (at_stream_start_ && !text.empty()) {
    // One BOM at the very start is dropped; the decoder held back a BOM split across feeds.
    if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
    at_stream_start_ = false;
  }
  std::size_t pos = 0;
  if (skip_leading_lf_ && !text.empty()) {
    // The previous feed ended in CR: an LF here completes that CRLF, not a new line.
    if (text.front() == '\n') pos = 1;
    skip_leading_lf_ = false;
  }
  while (pos < text.size()) {
    const std::size_t end = find_line_end(text, pos);
    if (end == std::string_view::npos) {
      const std::string_view rest = text.substr(pos);
      if (discarding_line_) break;
      if (line_.size() + rest.size() > options_.max_event_size) {
        // Memory stays bounded however long the server keeps a line open.
        discarding_line_ = true;
        discarding_event_ = true;
        line_.clear();
        if (!error) error = too_large(options_.max_event_size);
      } else {
        line_.append(rest);
      }
      break;
    }
    const std::string_view piece = text.substr(pos, end - pos);
    bool go_on = true;
    if (discarding_line_) {
      discarding_line_ = false;  // the oversized line ends here, unread
    } else if (line_.empty()) {
      go_on = process_line(piece, on_event, error);
    } else if (line_.size() + piece.size() > options_.max_event_size) {
      line_.clear();
      discarding_event_ = true;
      if (!error) error = too_large(options_.max_event_size);
    } else {
      line_.append(piece);
      go_on = process_line(line_, on_event, error);
      line_.clear();
    }
    if (text[end] == '\r') {
      if (end + 1 < text.size()) {
        pos = text[end + 1] == '\n' ? end + 2 : end + 1;
      } else {
        skip_leading_lf_ = true;
        pos = end + 1;
      }
    } else {
      pos = end + 1;
    }
    if (!go_on) break;
  }
  return error;
}

bool SseParser::process_line(std::string_view line, const EventCallback& on_event, Error& error) {
  if (line.empty()) return dispatch(on_event);
  if (line.front() == ':') return true;  // a comment (keep-alive)
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    process_field(line, {}, error);
    return true;
  }
  std::string_view value = line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  process_field(line.substr(0, colon), value, error);
  return true;
}

void SseParser::process_field(std::string_view name, std::string_view value, Error& error) {
  if (name == "data") {
    if (discarding_event_) return;
    if (data_.size() + value.size() + 1 > options_.max_event_size) {
      discarding_event_ = true;
      data_.clear();
      if (!error) error = too_large(options_.max_event_size);
      return;
    }
    data_.append(value);
    data_.push_back('\n');
  } else if (name == "event") {
    event_type_.assign(value);
  } else if (name == "id") {
    if (value.find('\0') == std::string_view::npos) id_buffer_.assign(value);
  } else if (name == "retry") {
    if (value.empty()) return;
    std::uint64_t ms = 0;
    for (char c : value) {
      if (c < '0' || c > '9') return;
      ms = ms * 10 + static_cast<unsigned>(c - '0');
      if (ms > static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())) return;
    }
    retry_ = std::chrono::milliseconds(ms);
  }
}

bool SseParser::dispatch(const EventCallback& on_event) {
  last_event_id_ = id_buffer_;
  if (discarding_event_ || data_.empty()) {
    discarding_event_ = false;
    data_.clear();
    event_type_.clear();
    return true;
  }
  data_.pop_back();  // the "\n" after the last data line
  const SseEvent event{event_type_.empty() ? std::string_view("message") : event_type_, data_,
                       last_event_id_};
  const bool go_on = on_event(event);
  data_.clear();
  event_type_.clear();
  return go_on;
}

void SseParser::finish() {
  // The standard discards an unterminated final event, its id included.
  decoder_.finish();
  line_.clear();
  data_.clear();
  event_type_.clear();
  id_buffer_ = last_event_id_;
  discarding_line_ = false;
  discarding_event_ = false;
  skip_leading_lf_ = false;
}

}  // namespace tinychat
