#include "tinychat/utf8_decoder.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tinychat {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The WHATWG bounds for the second byte of a sequence that starts with `lead`; the bytes after
// it are always 80..BF. Zero `needed` means `lead` cannot start a sequence.
struct LeadInfo {
  unsigned needed;
  unsigned char lower;
  unsigned char upper;
};

LeadInfo lead_info(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return {1, 0x80, 0xBF};
  if (lead == 0xE0) return {2, 0xA0, 0xBF};
  if (lead == 0xED) return {2, 0x80, 0x9F};  // no surrogates
  if (lead >= 0xE1 && lead <= 0xEF) return {2, 0x80, 0xBF};
  if (lead == 0xF0) return {3, 0x90, 0xBF};
  if (lead == 0xF4) return {3, 0x80, 0x8F};  // nothing above U+10FFFF
  if (lead >= 0xF1 && lead <= 0xF3) return {3, 0x80, 0xBF};
  return {0, 0, 0};
}

// The length of the longest prefix of `bytes` made of whole, valid characters.
std::size_t valid_prefix(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t i = 0;
  while (i < size) {
    // ASCII is the common case even in other scripts' streams (JSON syntax): 32 bytes a step
    // where the CPU has vectors (every x86-64 has SSE2; twice as fast as 8-byte words), then 8.
#if defined(__SSE2__)
    while (i + 32 <= size) {
      const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
      if (_mm_movemask_epi8(_mm_or_si128(low, high)) != 0) break;
      i += 32;
    }
#endif
    while (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= size) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const LeadInfo info = lead_info(p[i]);
    // An invalid lead, or a sequence that runs past the end: the slow path decides.
    if (info.needed == 0 || i + info.needed >= size) return i;
    if (p[i + 1] < info.lower || p[i + 1] > info.upper) return i;
    for (unsigned k = 2; k <= info.needed; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += info.needed + 1;
  }
  return size;
}

}  // namespace

std::string_view Utf8Decoder::decode(std::string_view bytes) {
  if (pending_size_ == 0) {
    const std::size_t valid = valid_prefix(bytes);
    if (valid == bytes.size()) return bytes;  // the hot path: no copy
    out_.assign(bytes.data(), valid);
    bytes.remove_prefix(valid);
  } else {
    out_.clear();
  }
  while (!bytes.empty()) {
    if (pending_size_ == 0) {
      const std::size_t valid = valid_prefix(bytes);
      out_.append(bytes.data(), valid);
      bytes.remove_prefix(valid);
      if (bytes.empty()) break;
      const auto lead = static_cast<unsigned char>(bytes.front());
      bytes.remove_prefix(1);
      if (lead_info(lead).needed == 0) {
        out_ += kReplacement;
      } else {
        pending_[pending_size_++] = static_cast<char>(lead);
      }
      continue;
    }
    // Inside a sequence: check the next byte against the bounds for its position.
    const LeadInfo info = lead_info(static_cast<unsigned char>(pending_[0]));
    const auto byte = static_cast<unsigned char>(bytes.front());
    const bool second = pending_size_ == 1;
    const unsigned char lower = second ? info.lower : 0x80;
    const unsigned char upper = second ? info.upper : 0xBF;
    if (byte < lower || byte > upper) {
      // A maximal subpart becomes one U+FFFD; the byte that broke it starts afresh.
      out_ += kReplacement;
      pending_size_ = 0;
      continue;
    }
    pending_[pending_size_++] = static_cast<char>(byte);
    bytes.remove_prefix(1);
    if (pending_size_ == info.needed + 1) {
      out_.append(pending_, pending_size_);
      pending_size_ = 0;
    }
  }
  return out_;
}

std::string_view Utf8Decoder::finish() {
  out_.clear();
  if (pending_size_ != 0) out_ = kReplacement;
  pending_size_ = 0;
  return out_;
}

}  // namespace tinychat
