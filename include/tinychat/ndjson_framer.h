#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "tinychat/error.h"
#include "tinychat/utf8_decoder.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// Splits a newline-delimited JSON stream (Cohere's v1 chat stream) into lines, however the
/// bytes were cut. Blank lines are skipped, a CR before the LF is dropped, and invalid UTF-8
/// becomes U+FFFD.
class TINYCHAT_API NdjsonFramer {
 public:
  /// Return false to stop: feed() then returns at once.
  using LineCallback = std::function<bool(std::string_view line)>;

  explicit NdjsonFramer(std::size_t max_line_size = 16u << 20);

  /// Returns ErrorCode::event_too_large when a line passes the bound (that line is dropped).
  Error feed(std::string_view bytes, const LineCallback& on_line);
  /// End of stream: a final line without its newline is still delivered.
  Error finish(const LineCallback& on_line);

 private:
  std::size_t max_line_size_;
  Utf8Decoder decoder_;
  std::string line_;
  bool discarding_line_ = false;
};

}  // namespace tinychat
