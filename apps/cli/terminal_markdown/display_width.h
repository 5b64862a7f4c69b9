#pragma once

#include <cstddef>
#include <string_view>

namespace tinychat::terminal_markdown {

/// One code point decoded from UTF-8; an invalid byte decodes as U+FFFD of length 1.
struct CodePoint {
  char32_t value = 0;
  int length = 1;
};

CodePoint decode_multibyte(std::string_view text, std::size_t at);
int char_width_beyond_ascii(char32_t code_point);

/// Decodes the code point that starts at text[at] (at < text.size()).
inline CodePoint decode_utf8(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  return lead < 0x80 ? CodePoint{lead, 1} : decode_multibyte(text, at);
}

/// Columns a code point takes on a terminal (0 for combining marks, 2 for CJK and emoji), from
/// utf8proc's Unicode tables: the same widths terminals use, so wrapped lines never tear.
inline int char_width(char32_t code_point) {
  if (code_point < 0x7F) return code_point >= 0x20 ? 1 : 0;
  return char_width_beyond_ascii(code_point);
}

/// Columns a string of text (no control sequences) takes.
int display_width(std::string_view text);

}  // namespace tinychat::terminal_markdown
