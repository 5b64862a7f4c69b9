#include "tinychat/terminal_text.h"

#include <cstdint>

namespace tinychat {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the valid UTF-8 sequence at the start of `text` (1 to 4), or 0 when it does
// not start with one (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

bool is_unsafe_ascii(unsigned char c) { return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F; }

// U+0080..U+009F, the C1 controls: 0xC2 0x80..0x9F in UTF-8.
bool is_c1_control(std::string_view sequence) {
  return sequence.size() == 2 && static_cast<unsigned char>(sequence[0]) == 0xC2 &&
         static_cast<unsigned char>(sequence[1]) <= 0x9F;
}

}  // namespace

bool is_terminal_safe(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (is_unsafe_ascii(c)) return false;
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text.substr(i));
    if (length == 0 || is_c1_control(text.substr(i, length))) return false;
    i += length;
  }
  return true;
}

void append_terminal_safe(std::string& out, std::string_view text) {
  if (is_terminal_safe(text)) {
    out += text;
    return;
  }
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\r') {
        // Dropped: a bare carriage return would let later text overwrite the line.
      } else if (is_unsafe_ascii(c)) {
        out += '^';
        out += static_cast<char>(c ^ 0x40);  // ESC -> '[', DEL -> '?', BEL -> 'G'
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text.substr(i));
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else if (is_c1_control(text.substr(i, length))) {
      out += "^[";
      out += static_cast<char>(static_cast<unsigned char>(text[i + 1]) - 0x40);
      i += length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_terminal_safe(out, text);
  return out;
}

}  // namespace tinychat
