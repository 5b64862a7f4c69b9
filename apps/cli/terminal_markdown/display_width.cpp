#include "display_width.h"

#include <utf8proc.h>

#include <atomic>
#include <cstdint>

namespace tinychat::terminal_markdown {

CodePoint decode_multibyte(std::string_view text, std::size_t at) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data()) + at;
  const std::size_t left = text.size() - at;
  const unsigned char lead = bytes[0];
  if (lead < 0x80) return {lead, 1};
  int length = 0;
  char32_t value = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
  } else {
    return {0xFFFD, 1};
  }
  if (left < static_cast<std::size_t>(length)) return {0xFFFD, 1};
  for (int i = 1; i < length; ++i) {
    if ((bytes[i] & 0xC0) != 0x80) return {0xFFFD, 1};
    value = (value << 6) | (bytes[i] & 0x3F);
  }
  return {value, length};
}

namespace {

int utf8proc_width(char32_t code_point) {
  const int width = utf8proc_charwidth(static_cast<utf8proc_int32_t>(code_point));
  return width < 0 ? 0 : width;
}

// The Basic Multilingual Plane's widths, each looked up once (utf8proc's lookup is most of the
// cost of measuring CJK text and box-drawing lines): width + 1, 0 while unknown. Relaxed
// atomics: threads that race store the same value.
std::atomic<std::uint8_t> bmp_widths[0x10000];

}  // namespace

int char_width_beyond_ascii(char32_t code_point) {
  if (code_point >= 0x10000) return utf8proc_width(code_point);
  std::atomic<std::uint8_t>& cached = bmp_widths[code_point];
  const std::uint8_t known = cached.load(std::memory_order_relaxed);
  if (known != 0) return known - 1;
  const int width = utf8proc_width(code_point);
  cached.store(static_cast<std::uint8_t>(width + 1), std::memory_order_relaxed);
  return width;
}

int display_width(std::string_view text) {
  int width = 0;
  for (std::size_t at = 0; at < text.size();) {
    const CodePoint point = decode_utf8(text, at);
    width += char_width(point.value);
    at += static_cast<std::size_t>(point.length);
  }
  return width;
}

}  // namespace tinychat::terminal_markdown
