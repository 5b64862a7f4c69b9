#include "tinychat/ndjson_framer.h"

#include <cstring>

namespace tinychat {

namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

Error too_large(std::size_t bound) {
  return Error(ErrorCode::event_too_large,
               "a line of more than " + std::to_string(bound) + " bytes: dropped");
}

}  // namespace

NdjsonFramer::NdjsonFramer(std::size_t max_line_size) : max_line_size_(max_line_size) {}

Error NdjsonFramer::feed(std::string_view bytes, const LineCallback& on_line) {
  Error error;
  const std::string_view text = decoder_.decode(bytes);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const void* lf = std::memchr(text.data() + pos, '\n', text.size() - pos);
    if (!lf) {
      const std::string_view rest = text.substr(pos);
      if (!discarding_line_ && line_.size() + rest.size() > max_line_size_) {
        discarding_line_ = true;
        line_.clear();
        error = too_large(max_line_size_);
      } else if (!discarding_line_) {
        line_.append(rest);
      }
      break;
    }
    const std::size_t end = static_cast<const char*>(lf) - text.data();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (discarding_line_) {
      discarding_line_ = false;
      continue;
    }
    if (line_.size() + line.size() > max_line_size_) {
      line_.clear();
      error = too_large(max_line_size_);
      continue;
    }
    if (!line_.empty()) {
      line_.append(line);
      line = line_;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool go_on = is_blank(line) || on_line(line);
    line_.clear();
    if (!go_on) break;
  }
  return error;
}

Error NdjsonFramer::finish(const LineCallback& on_line) {
  line_.append(decoder_.finish());
  std::string_view line = line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!discarding_line_ && !is_blank(line)) on_line(line);
  line_.clear();
  discarding_line_ = false;
  return {};
}

}  // namespace tinychat
