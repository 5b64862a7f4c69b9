#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <span>
#include <string>

#include "tinychat/conversation.h"
#include "tinychat/delta.h"
#include "tinychat/error.h"
#include "tinychat/provider.h"
#include "tinychat/session.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// How one turn ended.
struct TurnResult {
  Error error;  ///< Empty when the answer completed.
  std::string text;
  std::string reasoning;
  Usage usage;
  std::string finish_reason;
};

/// Receives the deltas decoded from one network read, in order. Runs on the session's thread.
using DeltaCallback = std::function<void(std::span<const Delta> deltas)>;
/// Receives how a turn ended, once, after the history holds it and before the reply's future is
/// ready. Runs on the session's thread (or at once, on the caller's, for a refused turn).
using TurnCallback = std::function<void(const TurnResult& result)>;

/// A reply on its way. Move-only.
class TINYCHAT_API PendingReply {
 public:
  PendingReply() = default;
  PendingReply(std::future<TurnResult> result, std::shared_ptr<PendingResponse> response);
  PendingReply(PendingReply&&) noexcept = default;
  PendingReply& operator=(PendingReply&&) noexcept = default;

  bool valid() const { return result_.valid(); }
  /// Blocks until the turn ends; by then the history holds it. Call once.
  TurnResult get() { return result_.get(); }
  template <class Rep, class Period>
  std::future_status wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return result_.wait_for(timeout);
  }
  /// Stops the reply; what arrived stays in the history, marked interrupted.
  void cancel() const;

 private:
  std::future<TurnResult> result_;
  std::shared_ptr<PendingResponse>
      response_;  // shared with the session, which cancels it on clear()
};

/// The original's handler: sends each user turn with the history, streams the answer piece by
/// piece, and keeps the history. Thread-safe; one reply at a time.
class TINYCHAT_API ChatSession {
 public:
  ChatSession(std::shared_ptr<Session> http, std::shared_ptr<const Provider> provider,
              RequestOptions options);
  /// Cancels a reply still streaming; no callback runs after the destructor returns.
  ~ChatSession();
  ChatSession(const ChatSession&) = delete;
  ChatSession& operator=(const ChatSession&) = delete;

  /// Sends `user_input` and streams the answer to `on_deltas`. When the stream completes, the
  /// user turn and the whole answer join the history; when it fails or is cancelled, the user
  /// turn and the partial answer (marked interrupted) do, and TurnResult::error says why:
  /// http_status ("Server responded with an error. Status Code: 401: ..."), stream_error,
  /// incomplete_stream, malformed_stream, event_too_large, network, timeout or cancelled.
  /// ErrorCode::busy, at once, if a reply is still streaming. `on_done` learns the outcome
  /// without blocking on the future (a GUI's event loop cannot wait); it runs even for a turn
  /// that clear() abandoned, before clear() returns.
  PendingReply stream_response(std::string user_input, DeltaCallback on_deltas = {},
                               TurnCallback on_done = {});

  History history() const;
  /// Forgets the history (New Chat). Cancels a reply still streaming and waits for its
  /// callbacks to end, so none runs after clear() returns.
  void clear();
  /// The history as the original exported it: "You: ..." and "LLM: ..." turns.
  std::string export_conversation() const;

  RequestOptions options() const;
  /// Applies to the next turn (new temperature, system prompt or model).
  void set_options(RequestOptions options);
  /// Applies to the next turn (new key or base URL); a reply still streaming ends as it began.
  void set_provider(std::shared_ptr<const Provider> provider);

 private:
  struct State;
  std::shared_ptr<State> state_;
  std::shared_ptr<Session> http_;
};

}  // namespace tinychat
