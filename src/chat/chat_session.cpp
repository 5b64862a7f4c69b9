#include "tinychat/chat_session.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "tinychat/export.h"
#include "turn_recording.h"
#include "turn_stream.h"

namespace tinychat {

namespace {

// Set while a ChatSession callback runs on the HTTP thread, so that clear() or the destructor
// called from inside one does not wait for the very turn it is part of.
thread_local bool inside_turn_callback = false;

struct CallbackScope {
  CallbackScope() { inside_turn_callback = true; }
  ~CallbackScope() { inside_turn_callback = false; }
};

PendingReply refused(Error error, const TurnCallback& on_done) {
  std::promise<TurnResult> promise;
  TurnResult result;
  result.error = std::move(error);
  if (on_done) on_done(result);
  promise.set_value(std::move(result));
  return PendingReply(promise.get_future(), {});
}

}  // namespace

PendingReply::PendingReply(std::future<TurnResult> result,
                           std::shared_ptr<PendingResponse> response)
    : result_(std::move(result)), response_(std::move(response)) {}

void PendingReply::cancel() const {
  if (response_) response_->cancel();
}

// Shared with the callbacks of the turn in flight, which may outlive the ChatSession object.
struct ChatSession::State {
  mutable std::mutex mutex;
  std::condition_variable turn_ended;
  History history;
  RequestOptions options;
  std::shared_ptr<const Provider> provider;
  TurnPolicy policy;
  std::shared_ptr<ConversationRecorder> recorder;  // null: turns are not recorded
  // The turn in flight, if any (0: none). A turn whose id is no longer current when it ends
  // (New Chat happened meanwhile) leaves the history alone.
  std::uint64_t next_turn_id = 1;
  std::uint64_t active_turn = 0;
  std::shared_ptr<TurnStream> active_stream;
  std::shared_ptr<PendingResponse> active_response;
  std::uint64_t finished_turn = 0;  // the latest turn whose completion has run

  // Stops the turn in flight and waits until its callbacks are done. Takes the lock.
  void abandon_active_turn(std::unique_lock<std::mutex>& lock) {
    const std::uint64_t turn = active_turn;
    if (turn == 0) return;
    if (active_stream) active_stream->stop();
    if (active_response) active_response->cancel();
    active_turn = 0;
    active_stream.reset();
    active_response.reset();
    if (inside_turn_callback) return;
    // A session completes a cancelled transfer within one loop turn; the bound only guards
    // against a broken Session implementation hanging the caller forever.
    turn_ended.wait_for(lock, std::chrono::seconds(10), [&] { return finished_turn >= turn; });
  }
};

ChatSession::ChatSession(std::shared_ptr<Session> http, std::shared_ptr<const Provider> provider,
                         RequestOptions options)
    : state_(std::make_shared<State>()), http_(std::move(http)) {
  state_->provider = std::move(provider);
  state_->options = std::move(options);
}

ChatSession::~ChatSession() {
  std::unique_lock lock(state_->mutex);
  state_->abandon_active_turn(lock);
}

PendingReply ChatSession::stream_response(std::string user_input, DeltaCallback on_deltas,
                                          TurnCallback on_turn_done) {
  std::unique_lock lock(state_->mutex);
  if (state_->active_turn != 0) {
    return refused(Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it."),
                   on_turn_done);
  }
  if (!state_->provider || !http_) {
    return refused(Error(ErrorCode::invalid_argument, "The chat session has no provider."),
                   on_turn_done);
  }
  const std::uint64_t turn = state_->next_turn_id++;
  auto provider = state_->provider;
  const TurnPolicy policy = state_->policy;
  History outgoing = state_->history;
  // Without a history to join, the prompt need not be held twice (it may be a 64 MiB pipe).
  outgoing.push_back(
      {Role::user, policy.keep_history ? user_input : std::move(user_input), {}, false});
  HttpRequest request = provider->build_request(outgoing, state_->options);
  // In the store before the request goes out: whatever happens next, the prompt is kept.
  std::shared_ptr<AnswerRecording> recording;
  if (state_->recorder) {
    recording = state_->recorder->begin_turn(outgoing.back().content,
                                             answer_source(provider->config(), state_->options));
  }
  outgoing.clear();
  auto stream =
      std::make_shared<TurnStream>(provider, recording_deltas(std::move(on_deltas), recording),
                                   TurnLimits{policy.max_answer_bytes}, policy.keep_history);
  auto promise = std::make_shared<std::promise<TurnResult>>();
  std::future<TurnResult> future = promise->get_future();
  state_->active_turn = turn;
  state_->active_stream = stream;
  lock.unlock();  // a session may call back before post() returns (mocks do)

  auto on_body = [stream](std::string_view piece) {
    CallbackScope scope;
    return stream->on_body(piece);
  };
  auto on_done = [state = state_, stream, promise, turn, policy, recording,
                  on_turn_done = std::move(on_turn_done),
                  user_input = std::move(user_input)](const HttpResult& http) mutable {
    CallbackScope scope;
    TurnResult result = stream->finish(http);
    if (recording) recording->finish(answer_outcome(result));
    {
      std::lock_guard guard(state->mutex);
      // Nothing typed or received is thrown away: the user turn always joins the history, and
      // so does any partial answer, marked interrupted.
      if (state->active_turn == turn && policy.keep_history) {
        state->history.push_back({Role::user, std::move(user_input), {}, false});
        if (!result.error || !result.text.empty() || !result.reasoning.empty()) {
          state->history.push_back(
              {Role::assistant, result.text, result.reasoning, static_cast<bool>(result.error)});
        }
      }
      if (state->active_turn == turn) {
        state->active_turn = 0;
        state->active_stream.reset();
        state->active_response.reset();
      }
    }
    // Before the turn counts as finished: clear() and the destructor wait for that, so this
    // callback never runs after they return.
    if (on_turn_done) on_turn_done(result);
    {
      std::lock_guard guard(state->mutex);
      state->finished_turn = std::max(state->finished_turn, turn);
    }
    state->turn_ended.notify_all();
    promise->set_value(std::move(result));
  };
  auto response = std::make_shared<PendingResponse>(
      http_->post(request, std::move(on_body), std::move(on_done)));

  lock.lock();
  if (state_->active_turn == turn) state_->active_response = response;
  return PendingReply(std::move(future), std::move(response));
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

Error ChatSession::record_to(std::shared_ptr<ConversationRecorder> recorder) {
  // A turn in flight would join the new history twice: it is in the branch already.
  const Error streaming(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  {
    std::lock_guard lock(state_->mutex);
    if (state_->active_turn != 0) return streaming;
  }
  History branch;
  // Read without the lock: it may wait for the recorder to write what is pending.
  if (recorder) {
    if (Error error = recorder->branch_history(branch)) return error;
  }
  std::lock_guard lock(state_->mutex);
  if (state_->active_turn != 0) return streaming;
  if (recorder) state_->history = std::move(branch);
  state_->recorder = std::move(recorder);
  return {};
}

}  // namespace tinychat
