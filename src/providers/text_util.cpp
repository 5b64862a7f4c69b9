#include "text_util.h"

#include "base/message_text.h"

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
  return cut_message(redact(std::string(data), key), max_bytes);
}

}  // namespace tinychat::providers
