#pragma once

// One scripted reply as a sequence of timed steps, without any I/O (private to tests/support):
// the HTTP/2 connection, which serves many replies at once on one thread, asks each stream's
// timeline what is due and does it, instead of sleeping through the reply as the HTTP/1.1
// side does.

#include <chrono>
#include <cstddef>
#include <optional>

#include "support/loopback_server.h"

namespace tinychat::testing::loopback {

class ReplyTimeline {
 public:
  using Clock = std::chrono::steady_clock;

  enum class Step {
    wait,              ///< Nothing yet: ask again at `wake` (or once the last step is sent).
    send_head,         ///< The informational responses, then the status and headers.
    send_piece,        ///< Body piece number piece().
    end,               ///< The body is complete.
    reset_stream,      ///< Give up this reply alone (drop_after, hang_up).
    reset_connection,  ///< Close the whole connection with a TCP reset (reset_on_drop).
    finished,          ///< Nothing more to do.
  };

  /// `reply` must outlive the timeline. `received`: when the request was complete.
  ReplyTimeline(const Reply& reply, Clock::time_point received);

  /// The step due at `now`. After send_head and send_piece the timeline waits until sent() is
  /// called; after end, reset_stream and reset_connection it is finished. For wait, `wake` is
  /// when to ask again (Clock::time_point::max() while it waits for sent()).
  Step next(Clock::time_point now, Clock::time_point& wake);
  /// The head or piece last returned is on the wire: the next piece's pause starts at `now`.
  void sent(Clock::time_point now);
  /// Whether the timeline waits for sent().
  bool sending() const { return state_ == State::sending; }
  /// The piece that send_piece refers to.
  std::size_t piece() const { return piece_; }

 private:
  enum class State { head, sending, piece, drop, end, finished };
  void enter_piece(std::size_t index, Clock::time_point now);
  // Whether the gate before piece_ (or before the drop) still holds it; sets `wake` if so.
  bool held_by_gate(Clock::time_point now, Clock::time_point& wake);

  const Reply& reply_;
  State state_ = State::head;
  std::size_t piece_ = 0;
  bool head_sent_ = false;
  Clock::time_point due_;
  std::optional<Clock::time_point> gate_deadline_;  // Set once the piece waits on its gate.
};

}  // namespace tinychat::testing::loopback
