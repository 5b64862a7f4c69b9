#include "tinychat/chat_session.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>

#include "retry_rules.h"
#include "tinychat/export.h"
#include "turn_recording.h"
#include "turn_stream.h"

namespace tinychat {

namespace {

// Set while a ChatSession callback runs on the HTTP thread, so that clear() or the destructor
// called from inside one does not wait for the very turn it is part of. Saved and restored: a
// session that calls back inside post() (mocks do) nests a retry's callbacks in the first's.
thread_local bool inside_turn_callback = false;

struct CallbackScope {
  CallbackScope() : outer(inside_turn_callback) { inside_turn_callback = true; }
  ~CallbackScope() { inside_turn_callback = outer; }
  bool outer;
};

PendingReply refused(Error error, const TurnCallback& on_done) {
  std::promise<TurnResult> promise;
  TurnResult result;
  result.error = std::move(error);
  if (on_done) on_done(result);
  promise.set_value(std::move(result));
  return PendingReply(promise.get_future(), {});
}

// One turn on its way, shared by the callbacks of its attempts: the first request and each
// retry. Attempts follow one another, so the fields below the mutex are touched by one thread at
// a time.
struct Turn {
  std::uint64_t id = 0;
  std::string user_input;
  // Weak: a transfer's callback holding the session's last reference would destroy it on its
  // own thread. The ChatSession owns it while the turn runs.
  std::weak_ptr<Session> http;
  std::shared_ptr<const Provider> provider;
  HttpRequest request;  // start_delay: this attempt's wait
  std::shared_ptr<TurnStream> stream;
  RetryPolicy retry;
  TurnPolicy policy;
  std::shared_ptr<AnswerRecording> recording;  // null: this turn is not recorded
  // Set when the turn answers the prompt at this index of the history again (regenerate): the
  // history is cut there before the turn joins it.
  std::optional<std::size_t> replaces_from;
  TurnCallback on_done;
  std::promise<TurnResult> promise;
  int retries = 0;
  // Guarded by ChatSession::State::mutex.
  std::shared_ptr<PendingResponse> response;  // the attempt out, or waiting to go out
  int response_attempt = -1;                  // its number (0: the first request)
  bool cancelled = false;
};

}  // namespace

PendingReply::PendingReply(std::future<TurnResult> result, std::function<void()> cancel)
    : result_(std::move(result)), cancel_(std::move(cancel)) {}

void PendingReply::cancel() const {
  if (cancel_) cancel_();
}

// Shared with the callbacks of the turn in flight, which may outlive the ChatSession object.
struct ChatSession::State : std::enable_shared_from_this<State> {
  mutable std::mutex mutex;
  std::condition_variable turn_ended;
  History history;
  RequestOptions options;
  std::shared_ptr<const Provider> provider;
  RetryPolicy retry;
  TurnPolicy policy;
  std::shared_ptr<ConversationRecorder> recorder;  // null: turns are not recorded
  // The turn in flight, if any. A turn that is no longer active when it ends (New Chat happened
  // meanwhile) leaves the history alone.
  std::shared_ptr<Turn> active;
  std::uint64_t next_turn_id = 1;
  std::uint64_t finished_turn = 0;  // the latest turn whose completion has run

  // Stops the turn in flight and waits until its callbacks are done. Takes the lock.
  void abandon_active_turn(std::unique_lock<std::mutex>& lock) {
    if (!active) return;
    const std::shared_ptr<Turn> turn = std::move(active);
    active.reset();
    turn->stream->stop();
    turn->cancelled = true;
    if (turn->response) turn->response->cancel();
    if (inside_turn_callback) return;
    // A session completes a cancelled transfer within one loop turn; the bound only guards
    // against a broken Session implementation hanging the caller forever.
    const std::uint64_t id = turn->id;
    turn_ended.wait_for(lock, std::chrono::seconds(10), [&] { return finished_turn >= id; });
  }

  // Sends the turn's request (after turn->request.start_delay).
  void send(const std::shared_ptr<Turn>& turn, Session& http) {
    auto on_body = [stream = turn->stream](std::string_view piece) {
      CallbackScope scope;
      return stream->on_body(piece);
    };
    auto on_done = [self = shared_from_this(), turn](const HttpResult& result) {
      CallbackScope scope;
      self->attempt_done(turn, result);
    };
    const int attempt = turn->retries;  // Read before post(): its callbacks may start a retry.
    auto response = std::make_shared<PendingResponse>(
        http.post(turn->request, std::move(on_body), std::move(on_done)));
    std::unique_lock lock(mutex);
    // This attempt may have ended, and its retry been sent, before post() returned here: the
    // retry's response is then the one to keep.
    if (attempt > turn->response_attempt) {
      turn->response = response;
      turn->response_attempt = attempt;
    }
    const bool cancelled_meanwhile = turn->cancelled;
    lock.unlock();
    if (cancelled_meanwhile) response->cancel();  // cancel() ran while post() did
  }

  // One attempt ended: send it again, or end the turn.
  void attempt_done(const std::shared_ptr<Turn>& turn, const HttpResult& result) {
    const std::optional<RetryNotice> notice =
        plan_retry(result, turn->stream->body_started(), turn->retry, turn->retries,
                   turn->provider->config().name, std::chrono::system_clock::now());
    if (notice) {
      std::unique_lock lock(mutex);
      const bool still_wanted = !turn->cancelled && active == turn;
      lock.unlock();
      const std::shared_ptr<Session> http = turn->http.lock();
      if (still_wanted && http) {
        ++turn->retries;
        if (turn->retry.on_retry) turn->retry.on_retry(*notice);
        turn->request.start_delay = notice->wait;
        return send(turn, *http);
      }
    }
    finish(turn, result);
  }

  void finish(const std::shared_ptr<Turn>& turn, const HttpResult& http) {
    TurnResult result = turn->stream->finish(http);
    if (turn->recording) turn->recording->finish(answer_outcome(result));
    {
      std::lock_guard guard(mutex);
      // Nothing typed or received is thrown away: the user turn always joins the history, and
      // so does any partial answer, marked interrupted.
      if (active == turn && turn->policy.keep_history) {
        // An answer given again replaces the one before it (the store keeps both).
        if (turn->replaces_from) history.resize(std::min(*turn->replaces_from, history.size()));
        history.push_back({Role::user, std::move(turn->user_input), {}, false});
        if (!result.error || !result.text.empty() || !result.reasoning.empty()) {
          history.push_back(
              {Role::assistant, result.text, result.reasoning, static_cast<bool>(result.error)});
        }
      }
      if (active == turn) active.reset();
    }
    // Before the turn counts as finished: clear() and the destructor wait for that, so this
    // callback never runs after they return.
    if (turn->on_done) turn->on_done(result);
    {
      std::lock_guard guard(mutex);
      finished_turn = std::max(finished_turn, turn->id);
    }
    turn_ended.notify_all();
    turn->promise.set_value(std::move(result));
  }

  // Why a turn cannot start now, if it cannot. Called with the lock held.
  Error cannot_start(const Session* http) const {
    if (active)
      return Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
    if (!provider || !http) {
      return Error(ErrorCode::invalid_argument, "The chat session has no provider.");
    }
    return {};
  }

  // A turn with the session's current provider and policies. Called with the lock held.
  std::shared_ptr<Turn> new_turn(const std::shared_ptr<Session>& http) {
    auto turn = std::make_shared<Turn>();
    turn->id = next_turn_id++;
    turn->http = http;
    turn->provider = provider;
    turn->policy = policy;
    turn->retry = retry;
    return turn;
  }

  // Makes `turn` (its request built, its recording begun) the active one and sends it.
  // Releases `lock`: a session may call back before post() returns (mocks do).
  PendingReply launch(std::unique_lock<std::mutex>& lock, const std::shared_ptr<Turn>& turn,
                      Session& http, DeltaCallback on_deltas, TurnCallback on_done) {
    turn->stream = std::make_shared<TurnStream>(
        turn->provider, recording_deltas(std::move(on_deltas), turn->recording),
        TurnLimits{turn->policy.max_answer_bytes}, turn->policy.keep_history);
    turn->on_done = std::move(on_done);
    std::future<TurnResult> future = turn->promise.get_future();
    active = turn;
    lock.unlock();
    send(turn, http);
    return PendingReply(std::move(future),
                        [state = weak_from_this(), weak_turn = std::weak_ptr<Turn>(turn)] {
                          State::cancel(state, weak_turn);
                        });
  }

  // What PendingReply::cancel does: stops the attempt out, or its wait, and any retry after it.
  static void cancel(const std::weak_ptr<State>& weak_state, const std::weak_ptr<Turn>& weak_turn) {
    const std::shared_ptr<State> state = weak_state.lock();
    const std::shared_ptr<Turn> turn = weak_turn.lock();
    if (!state || !turn) return;  // The turn has ended.
    std::shared_ptr<PendingResponse> response;
    {
      std::lock_guard lock(state->mutex);
      turn->cancelled = true;
      response = turn->response;
    }
    if (response) response->cancel();
  }
};

ChatSession::ChatSession(std::shared_ptr<Session> http, std::shared_ptr<const Provider> provider,
                         RequestOptions options, RetryPolicy retry)
    : state_(std::make_shared<State>()), http_(std::move(http)) {
  state_->provider = std::move(provider);
  state_->options = std::move(options);
  state_->retry = std::move(retry);
}

ChatSession::~ChatSession() {
  std::unique_lock lock(state_->mutex);
  state_->abandon_active_turn(lock);
}

PendingReply ChatSession::stream_response(std::string user_input, DeltaCallback on_deltas,
                                          TurnCallback on_turn_done) {
  std::unique_lock lock(state_->mutex);
  if (Error error = state_->cannot_start(http_.get())) return refused(error, on_turn_done);
  std::shared_ptr<Turn> turn = state_->new_turn(http_);
  const bool keep_history = turn->policy.keep_history;
  History outgoing = state_->history;
  // Without a history to join, the prompt need not be held twice (it may be a 64 MiB pipe).
  outgoing.push_back({Role::user, keep_history ? user_input : std::move(user_input), {}, false});
  turn->request = turn->provider->build_request(outgoing, state_->options);
  // In the store before the request goes out: whatever happens next, the prompt is kept.
  if (state_->recorder) {
    turn->recording = state_->recorder->begin_turn(
        outgoing.back().content, answer_source(turn->provider->config(), state_->options));
  }
  outgoing.clear();
  if (keep_history) turn->user_input = std::move(user_input);
  return state_->launch(lock, turn, *http_, std::move(on_deltas), std::move(on_turn_done));
}

PendingReply ChatSession::regenerate(DeltaCallback on_deltas, TurnCallback on_turn_done) {
  std::unique_lock lock(state_->mutex);
  if (Error error = state_->cannot_start(http_.get())) return refused(error, on_turn_done);
  const History& history = state_->history;
  const auto last = std::find_if(history.rbegin(), history.rend(),
                                 [](const Message& m) { return m.role == Role::user; });
  if (last == history.rend()) {
    return refused(Error(ErrorCode::invalid_argument, "There is no prompt to answer again yet."),
                   on_turn_done);
  }
  const auto prompt_index = static_cast<std::size_t>(history.rend() - last) - 1;
  std::shared_ptr<Turn> turn = state_->new_turn(http_);
  turn->replaces_from = prompt_index;
  const History outgoing(history.begin(),
                         history.begin() + static_cast<std::ptrdiff_t>(prompt_index) + 1);
  turn->request = turn->provider->build_request(outgoing, state_->options);
  turn->user_input = outgoing.back().content;
  if (state_->recorder) {
    // A sibling of the earlier answers, so that both stay in the store. A store that cannot be
    // written costs the record (begin_answer has warned), never the answer.
    ConversationRecorder& recorder = *state_->recorder;
    StoredMessage prompt;
    Error error = recorder.last_prompt(prompt);
    if (!error) error = recorder.checkout(prompt.id);
    if (error) {
      // The prompt is gone from the store (tinychat rm) or the store cannot be read: say so,
      // where answering unrecorded without a word would lose the answer from the history.
      error.message =
          "could not find the prompt to answer again in the conversation store: " + error.message;
      recorder.stop_recording(std::move(error));
    } else {
      recorder.begin_answer(answer_source(turn->provider->config(), state_->options),
                            turn->recording);
    }
  }
  return state_->launch(lock, turn, *http_, std::move(on_deltas), std::move(on_turn_done));
}

History ChatSession::history() const {
  std::lock_guard lock(state_->mutex);
  return state_->history;
}

void ChatSession::clear() {
  std::unique_lock lock(state_->mutex);
  state_->abandon_active_turn(lock);
  state_->history.clear();
  if (state_->recorder) state_->recorder->start_new_conversation();
}

std::string ChatSession::export_conversation() const { return export_text(history()); }

RequestOptions ChatSession::options() const {
  std::lock_guard lock(state_->mutex);
  return state_->options;
}

void ChatSession::set_options(RequestOptions options) {
  std::lock_guard lock(state_->mutex);
  state_->options = std::move(options);
}

void ChatSession::set_provider(std::shared_ptr<const Provider> provider) {
  std::lock_guard lock(state_->mutex);
  state_->provider = std::move(provider);
}

void ChatSession::set_turn_policy(TurnPolicy policy) {
  std::lock_guard lock(state_->mutex);
  state_->policy = policy;
}

void ChatSession::set_retry_policy(RetryPolicy retry) {
  std::lock_guard lock(state_->mutex);
  state_->retry = std::move(retry);
}

Error ChatSession::set_history(History history) {
  std::lock_guard lock(state_->mutex);
  if (state_->active) {
    return Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  }
  state_->history = std::move(history);
  return {};
}

Error ChatSession::record_to(std::shared_ptr<ConversationRecorder> recorder) {
  // A turn in flight would join the new history twice: it is in the branch already.
  const Error streaming(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  {
    std::lock_guard lock(state_->mutex);
    if (state_->active) return streaming;
  }
  History branch;
  // Read without the lock: it may wait for the recorder to write what is pending.
  if (recorder) {
    if (Error error = recorder->branch_history(branch)) return error;
  }
  std::lock_guard lock(state_->mutex);
  if (state_->active) return streaming;
  if (recorder) state_->history = std::move(branch);
  state_->recorder = std::move(recorder);
  return {};
}

}  // namespace tinychat
