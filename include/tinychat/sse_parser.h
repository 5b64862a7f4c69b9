#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "tinychat/error.h"
#include "tinychat/utf8_decoder.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// One dispatched event. The views stay valid only during the callback.
struct SseEvent {
  std::string_view type;  ///< The `event` field, or "message".
  std::string_view data;  ///< The `data` lines joined by "\n".
  std::string_view id;    ///< The last event ID in force when the event was dispatched.
};

struct SseParserOptions {
  /// Bound on one event's data and on one line: a server that never ends a line cannot make
  /// the client grow without limit.
  std::size_t max_event_size = 16u << 20;
};

/// Server-Sent Events parser following the WHATWG HTML standard's "event stream
/// interpretation" (../shared/PROTOCOLS.md §1). It does no I/O: feed it bytes as they arrive.
class TINYCHAT_API SseParser {
 public:
  /// Return false to stop: feed() then returns at once and the rest of its bytes are dropped.
  using EventCallback = std::function<bool(const SseEvent&)>;

  explicit SseParser(SseParserOptions options = {});

  /// Parses `bytes`, calling `on_event` for each event dispatched. Returns
  /// ErrorCode::event_too_large when a line or an event's data passes the bound; that event is
  /// dropped and parsing goes on with the next one.
  Error feed(std::string_view bytes, const EventCallback& on_event);
  /// End of stream: an unterminated final event is discarded, as the standard says.
  void finish();

  /// The last-event-ID buffer committed by the latest dispatch point.
  std::string_view last_event_id() const { return last_event_id_; }
  /// The reconnection time from the latest valid `retry` field.
  std::optional<std::chrono::milliseconds> retry() const { return retry_; }

 private:
  // Returns false when the callback asked to stop.
  bool process_line(std::string_view line, const EventCallback& on_event, Error& error);
  void process_field(std::string_view name, std::string_view value, Error& error);
  bool dispatch(const EventCallback& on_event);

  SseParserOptions options_;
  Utf8Decoder decoder_;
  std::string line_;               // an incomplete line carried over from the previous feed
  bool skip_leading_lf_ = false;   // the previous feed ended in CR: a following LF is its pair
  bool at_stream_start_ = true;    // a BOM here is dropped
  bool discarding_event_ = false;  // the current event overflowed: drop it at its end
  bool discarding_line_ = false;   // the current line overflowed: drop it at its end
  std::string data_;
  std::string event_type_;
  std::string id_buffer_;
  std::string last_event_id_;
  std::optional<std::chrono::milliseconds> retry_;
};

}  // namespace tinychat
