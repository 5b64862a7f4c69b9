#include "support/loopback_timeline.h"

#include <algorithm>

namespace tinychat::testing::loopback {

namespace {

// How often a piece held by a gate looks at it again: a Gate has no descriptor to poll, and
// this is short next to anything a test measures.
constexpr std::chrono::milliseconds kGateCheck{2};

}  // namespace

ReplyTimeline::ReplyTimeline(const Reply& reply, Clock::time_point received)
    : reply_(reply), due_(received + reply.head_delay) {}

ReplyTimeline::Step ReplyTimeline::next(Clock::time_point now, Clock::time_point& wake) {
  switch (state_) {
    case State::head:
      // As on HTTP/1.1, a hang-up does not wait for the head delay.
      if (reply_.hang_up) {
        state_ = State::finished;
        return Step::reset_stream;
      }
      if (now < due_) {
        wake = due_;
        return Step::wait;
      }
      state_ = State::sending;
      return Step::send_head;
    case State::sending:
      wake = Clock::time_point::max();
      return Step::wait;
    case State::piece:
      if (now < due_) {
        wake = due_;
        return Step::wait;
      }
      if (held_by_gate(now, wake)) return Step::wait;
      state_ = State::sending;
      return Step::send_piece;
    case State::drop:
      if (held_by_gate(now, wake)) return Step::wait;
      state_ = State::finished;
      return reply_.reset_on_drop ? Step::reset_connection : Step::reset_stream;
    case State::end:
      state_ = State::finished;
      return Step::end;
    case State::finished:
      break;
  }
  return Step::finished;
}

bool ReplyTimeline::held_by_gate(Clock::time_point now, Clock::time_point& wake) {
  const auto gate = reply_.gates.find(piece_);
  if (gate == reply_.gates.end() || gate->second.is_open()) return false;
  if (!gate_deadline_) gate_deadline_ = now + reply_.gate_timeout;
  if (now >= *gate_deadline_) return false;  // As on HTTP/1.1: then it goes on regardless.
  wake = std::min(now + kGateCheck, *gate_deadline_);
  return true;
}

void ReplyTimeline::sent(Clock::time_point now) {
  if (state_ != State::sending) return;
  if (!head_sent_) {
    head_sent_ = true;
    return enter_piece(0, now);
  }
  enter_piece(piece_ + 1, now);
}

void ReplyTimeline::enter_piece(std::size_t index, Clock::time_point now) {
  piece_ = index;
  gate_deadline_.reset();
  // The same order as on HTTP/1.1: a drop comes right after the last piece it lets through,
  // before that piece's successor waits for anything.
  if (reply_.drop_after && index >= *reply_.drop_after) {
    state_ = State::drop;
    return;
  }
  if (index >= reply_.pieces.size()) {
    state_ = State::end;
    return;
  }
  due_ = now;
  if (index > 0) due_ += reply_.pause;
  if (const auto stall = reply_.stalls.find(index); stall != reply_.stalls.end()) {
    due_ += stall->second;
  }
  state_ = State::piece;
}

}  // namespace tinychat::testing::loopback
