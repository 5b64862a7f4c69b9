#pragma once

#include <string>
#include <string_view>

#include "tinychat/visibility.h"

namespace tinychat {

/// Incremental UTF-8 decoding as the WHATWG Encoding standard defines it: bytes in, valid UTF-8
/// out, each maximal invalid subpart replaced by U+FFFD, and a character split across two calls
/// carried over to the next one.
class TINYCHAT_API Utf8Decoder {
 public:
  /// The decoded text of `bytes`. When nothing needs replacing or carrying, this is `bytes`
  /// itself (no copy); otherwise a view of an internal buffer. Valid until the next call.
  std::string_view decode(std::string_view bytes);
  /// End of input: an incomplete character left over becomes U+FFFD.
  std::string_view finish();
  /// Whether an incomplete character is waiting for its next bytes.
  bool has_pending() const { return pending_size_ != 0; }

 private:
  std::string out_;
  char pending_[4] = {};
  unsigned pending_size_ = 0;
};

}  // namespace tinychat
