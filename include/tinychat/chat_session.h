#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <span>
#include <string>

#include "tinychat/conversation.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/delta.h"
#include "tinychat/error.h"
#include "tinychat/provider.h"
#include "tinychat/retry_policy.h"
#include "tinychat/session.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// How one turn ended.
struct TurnResult {
  Error error;                   ///< Empty when the answer completed.
  std::string text;              ///< Empty when the session keeps no history (TurnPolicy).
  std::string reasoning;         ///< Likewise.
  std::uint64_t text_bytes = 0;  ///< Bytes of answer text received, kept or not.
  Usage usage;
  std::string finish_reason;
};

/// How a ChatSession treats each turn.
struct TurnPolicy {
  /// Text and reasoning of one answer together. Past it the turn stops with
  /// ErrorCode::answer_too_large, keeping what arrived: a server that never stops must not
  /// exhaust memory.
  std::size_t max_answer_bytes = std::size_t{256} << 20;
  /// False for one-shot callers that write the answer out as it streams (the CLI): turns do not
  /// join the history and TurnResult holds no copy of the text or reasoning, so a long answer
  /// is never held in memory at all.
  bool keep_history = true;
};

/// Receives the deltas decoded from what one pass of the HTTP session's loop received (every
/// chunk that arrived together), in order. Runs on the session's thread.
using DeltaCallback = std::function<void(std::span<const Delta> deltas)>;
/// Receives how a turn ended, once, after the history holds it and before the reply's future is
/// ready. Runs on the HTTP session's thread (or at once, on the caller's, for a refused turn).
using TurnCallback = std::function<void(const TurnResult& result)>;

/// A reply on its way. Move-only.
class TINYCHAT_API PendingReply {
 public:
  PendingReply() = default;
  /// `cancel` stops whichever request the turn has out, or its wait before a retry.
  PendingReply(std::future<TurnResult> result, std::function<void()> cancel);
  PendingReply(PendingReply&&) noexcept = default;
  PendingReply& operator=(PendingReply&&) noexcept = default;

  bool valid() const { return result_.valid(); }
  /// Blocks until the turn ends; by then the history holds it. Call once.
  TurnResult get() { return result_.get(); }
  template <class Rep, class Period>
  std::future_status wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return result_.wait_for(timeout);
  }
  /// Stops the reply, at once even while it waits to be retried; what arrived stays in the
  /// history, marked interrupted. Safe from any thread, more than once.
  void cancel() const;

 private:
  std::future<TurnResult> result_;
  std::function<void()> cancel_;
};

/// The original's handler: sends each user turn with the history, streams the answer piece by
/// piece, and keeps the history. Thread-safe; one reply at a time. A reply that fails before its
/// first byte with a status that means "not now" (429, 408, 409, 5xx), or that cannot connect, is
/// sent again under `retry`; the wait in between is the HTTP session's (HttpRequest::start_delay),
/// so no thread of its own waits, and cancel(), clear() and the destructor end it at once.
class TINYCHAT_API ChatSession {
 public:
  ChatSession(std::shared_ptr<Session> http, std::shared_ptr<const Provider> provider,
              RequestOptions options, RetryPolicy retry = {});
  /// Cancels a reply still streaming; no callback runs after the destructor returns.
  ~ChatSession();
  ChatSession(const ChatSession&) = delete;
  ChatSession& operator=(const ChatSession&) = delete;

  /// Sends `user_input` and streams the answer to `on_deltas`. When the stream completes, the
  /// user turn and the whole answer join the history; when it fails or is cancelled, the user
  /// turn and the partial answer (marked interrupted) do, and TurnResult::error says why:
  /// http_status ("Server responded with an error. Status Code: 401: ..."), stream_error,
  /// incomplete_stream, malformed_stream, event_too_large, answer_too_large, network, timeout or
  /// cancelled. ErrorCode::busy, at once, if a reply is still streaming. After retries, the
  /// error is the last attempt's. `on_done` learns the outcome
  /// without blocking on the future (a GUI's event loop cannot wait); it runs even for a turn
  /// that clear() abandoned, before clear() returns.
  PendingReply stream_response(std::string user_input, DeltaCallback on_deltas = {},
                               TurnCallback on_done = {});

  /// Answers the history's last prompt again (regenerate): sends the history up to and
  /// including it; the new answer replaces the one after it in the history. When recording, the
  /// answer is recorded as a sibling of the earlier ones, which the store keeps.
  /// ErrorCode::invalid_argument, at once, when the history holds no prompt; otherwise as
  /// stream_response.
  PendingReply regenerate(DeltaCallback on_deltas = {}, TurnCallback on_done = {});

  History history() const;
  /// Replaces the history the next turn is sent with (a conversation read back from somewhere).
  /// ErrorCode::busy while a reply streams.
  Error set_history(History history);
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
  /// Applies to the next turn.
  void set_turn_policy(TurnPolicy policy);
  /// Applies to the next turn.
  void set_retry_policy(RetryPolicy retry);

  /// Records every turn from the next one on into `recorder`'s conversation, and continues it:
  /// the history becomes that conversation's current branch, read from the store. Each prompt
  /// and an empty answer are in the store before the request goes out; the answer follows as it
  /// streams. clear() then starts a new conversation. Null stops recording, keeping the
  /// history. ErrorCode::store, and nothing changes, when the branch cannot be read;
  /// ErrorCode::busy while a reply streams.
  Error record_to(std::shared_ptr<ConversationRecorder> recorder);

 private:
  struct State;
  std::shared_ptr<State> state_;
  std::shared_ptr<Session> http_;
};

/// What the store records about where an answer comes from: provider, model, base URL (its
/// user-info dropped by the store), system prompt and temperature. Never the key. For a caller
/// that records answers itself (several models answering one prompt).
TINYCHAT_API AnswerSource answer_source(const ProviderConfig& provider,
                                        const RequestOptions& options);

/// How a turn's result ends its record: complete, interrupted (cancelled: Stop, Ctrl-C, New
/// Chat) or failed, with the error, finish reason and usage.
TINYCHAT_API AnswerOutcome answer_outcome(const TurnResult& result);

}  // namespace tinychat
