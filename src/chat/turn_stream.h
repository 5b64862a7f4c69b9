#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "tinychat/chat_session.h"
#include "tinychat/ndjson_framer.h"
#include "tinychat/provider.h"
#include "tinychat/sse_parser.h"

namespace tinychat {

/// Bounds on one turn (ChatSession's TurnPolicy).
struct TurnLimits {
  std::size_t max_answer_bytes;
};

/// One reply on its way: frames the body (SSE or NDJSON), decodes events with the provider's
/// decoder, hands the deltas of each delivered piece to the caller in one batch, and keeps what
/// arrived so that the turn can be recorded whatever way it ends.
class TurnStream {
 public:
  /// `keep_text` false: the text is delivered but not kept in the result (a caller that has
  /// already written it out need not hold it twice).
  TurnStream(std::shared_ptr<const Provider> provider, DeltaCallback on_deltas, TurnLimits limits,
             bool keep_text);

  /// One piece of a 2xx body. Returns false to stop the transfer: after a decoding error, or
  /// once stop() was called; BodyVerdict::padding() when no event with content was completed in
  /// it (only comments, empty events, pings, or part of an event), so that such bytes do not
  /// keep the reply alive.
  BodyVerdict on_body(std::string_view piece);
  /// The transfer ended: composes the turn's result from what arrived and how it ended.
  TurnResult finish(const HttpResult& http);
  /// No more deltas are delivered (New Chat, or the session is going away).
  void stop() { stopped_.store(true, std::memory_order_relaxed); }
  /// Whether any piece of a 2xx body has arrived: from then on, sending the request again
  /// could duplicate the answer. Read on the HTTP thread, like on_body.
  bool body_started() const { return body_started_; }

 private:
  bool decode(std::string_view type, std::string_view data);
  void deliver();
  Error incomplete_stream_error(const HttpResult& http) const;

  std::shared_ptr<const Provider> provider_;
  std::unique_ptr<EventDecoder> decoder_;
  SseParser sse_;
  NdjsonFramer ndjson_;
  DeltaCallback on_deltas_;
  std::vector<Delta> batch_;
  TurnResult result_;
  Error error_;  // the first decoding or framing error; it ends the turn
  std::atomic<bool> stopped_{false};
  TurnLimits limits_;
  bool keep_text_;
  std::uint64_t answer_bytes_ = 0;  // text and reasoning received, kept or not
  bool cut_mid_line_ = false;       // an NDJSON stream ended inside a line
  bool body_started_ = false;
  bool piece_had_content_ = false;  // an event with content was decoded from the current piece
};

}  // namespace tinychat
