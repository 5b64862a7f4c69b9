#include "text_util.h"

namespace tinychat::providers {

namespace {

std::string_view without_trailing_slashes(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return url;
}

}  // namespace

std::string join_url(std::string_view base, std::string_view path) {
  std::string url(without_trailing_slashes(base));
  url += '/';
  url += path;
  return url;
}

bool url_ends_with(std::string_view base, std::string_view suffix) {
  return without_trailing_slashes(base).ends_with(suffix);
}

std::string excerpt(std::string_view data, std::string_view key, std::size_t max_bytes) {
  std::string text = redact(std::string(data), key);
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  // Back up over continuation bytes so no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += "...";
  return text;
}

}  // namespace tinychat::providers
