#include "tinychat/conversation_recorder.h"

#include <mutex>
#include <vector>

#include "answer_rows.h"
#include "checkpoint_writer.h"
#include "connection.h"
#include "ids.h"

namespace tinychat {

struct ConversationRecorder::Impl {
  Impl(std::shared_ptr<Store> owner, store::Connection& c, CheckpointThread thread)
      : shared_store(std::move(owner)),
        connection(c),
        channel(std::make_shared<store::RecorderChannel>()),
        writer(shared_store, connection, channel, thread == CheckpointThread::own) {}

  // Records one turn's rows; null (with the warning) when the file cannot be written.
  std::shared_ptr<AnswerRecording> begin(store::TurnStart turn, bool with_prompt,
                                         Error* usage_error) {
    {
      std::lock_guard lock(channel->mutex);
      if (channel->broken) return nullptr;
    }
    Error error;
    {
      std::lock_guard lock(mutex);
      turn.new_conversation = conversation_id.empty();
      turn.conversation_id = turn.new_conversation ? store::new_id() : conversation_id;
      turn.parent_id = leaf_id;
      if (with_prompt) turn.prompt_id = store::new_id();
      turn.answer_id = store::new_id();
      turn.sent_ms = store::now_ms();
      error = connection.write([&](store::Database& db) { return insert_turn(db, turn); });
      if (!error) {
        conversation_id = turn.conversation_id;
        leaf_id = turn.answer_id;
      }
    }
    // Outside the lock: the warning handler may ask this recorder for its ids.
    if (error.code == ErrorCode::invalid_argument && usage_error) {
      *usage_error = std::move(error);
      return nullptr;
    }
    if (error) {
      store::report_failure(*channel, std::move(error));
      return nullptr;
    }
    auto buffer = std::make_shared<store::AnswerBuffer>(turn.answer_id);
    {
      std::lock_guard lock(channel->mutex);
      channel->answers.push_back(buffer);
    }
    return std::shared_ptr<AnswerRecording>(new AnswerRecording(channel, std::move(buffer)));
  }

  std::shared_ptr<Store> shared_store;
  store::Connection& connection;
  std::shared_ptr<store::RecorderChannel> channel;
  store::CheckpointWriter writer;
  mutable std::mutex mutex;  // guards the two ids below
  std::string conversation_id;
  std::string leaf_id;
};

ConversationRecorder::ConversationRecorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ConversationRecorder::~ConversationRecorder() = default;

Error ConversationRecorder::open(std::shared_ptr<Store> into, std::string_view conversation_id,
                                 std::shared_ptr<ConversationRecorder>& out,
                                 CheckpointThread thread) {
  if (!into) return Error(ErrorCode::invalid_argument, "no store to record into");
  ConversationSummary summary;
  if (!conversation_id.empty()) {
    if (Error error = into->find_conversation(conversation_id, summary)) return error;
  }
  store::Connection& connection = *into->connection_;
  auto impl = std::make_unique<Impl>(std::move(into), connection, thread);
  impl->conversation_id = summary.id;
  impl->leaf_id = summary.current_leaf_id;
  out = std::shared_ptr<ConversationRecorder>(new ConversationRecorder(std::move(impl)));
  return {};
}

void ConversationRecorder::set_warning_handler(WarningHandler handler) {
  std::lock_guard lock(impl_->channel->mutex);
  impl_->channel->on_warning = std::move(handler);
}

std::string ConversationRecorder::conversation_id() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->conversation_id;
}

std::string ConversationRecorder::current_leaf_id() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->leaf_id;
}

Error ConversationRecorder::branch_history(History& out) {
  flush();
  const std::string leaf = current_leaf_id();
  if (leaf.empty()) {
    out.clear();
    return {};
  }
  std::vector<StoredMessage> messages;
  if (Error error = impl_->shared_store->branch(leaf, messages)) return error;
  History history;
  for (StoredMessage& m : messages) {
    const bool complete = m.status == MessageStatus::complete;
    // As ChatSession keeps a turn: an answer that failed before any text is left out.
    if (m.role == Role::assistant && !complete && m.text.empty() && m.reasoning.empty()) continue;
    history.push_back({m.role, std::move(m.text), std::move(m.reasoning),
                       m.role == Role::assistant && !complete});
  }
  out = std::move(history);
  return {};
}

Error ConversationRecorder::checkout(std::string_view message_id) {
  flush();
  std::lock_guard lock(impl_->mutex);
  if (impl_->conversation_id.empty()) {
    return Error(ErrorCode::invalid_argument, "no conversation yet to choose a message from");
  }
  // A new first prompt has no parent: nothing in the file changes until it is recorded.
  if (message_id.empty()) {
    impl_->leaf_id.clear();
    return {};
  }
  if (Error error = impl_->shared_store->set_current_leaf(impl_->conversation_id, message_id)) {
    return error;
  }
  impl_->leaf_id = message_id;
  return {};
}

Error ConversationRecorder::last_prompt(StoredMessage& out) {
  flush();
  const std::string leaf = current_leaf_id();
  std::vector<StoredMessage> messages;
  if (!leaf.empty()) {
    if (Error error = impl_->shared_store->branch(leaf, messages)) return error;
  }
  for (auto m = messages.rbegin(); m != messages.rend(); ++m) {
    if (m->role != Role::user) continue;
    out = std::move(*m);
    return {};
  }
  return Error(ErrorCode::invalid_argument, "no prompt yet in this conversation");
}

void ConversationRecorder::start_new_conversation() {
  std::lock_guard lock(impl_->mutex);
  impl_->conversation_id.clear();
  impl_->leaf_id.clear();
}

void ConversationRecorder::stop_recording(Error why) {
  store::report_failure(*impl_->channel, std::move(why));
}

void ConversationRecorder::write_due() {
  if (!impl_->writer.has_thread()) impl_->writer.write_here();
}

void ConversationRecorder::flush() {
  store::RecorderChannel& channel = *impl_->channel;
  std::unique_lock lock(channel.mutex);
  ++channel.flushes;
  if (impl_->writer.has_thread()) {
    channel.wake.notify_all();
    // Not while the writer is busy, even once broken: its warning must have been given when
    // flush() returns.
    channel.written.wait(lock,
                         [&] { return !channel.writing && (channel.broken || channel.idle()); });
  } else {
    // Everything handed over so far is taken at once (everything is due while a flush waits)
    // and written here. Not waiting for idleness: text still arriving would keep it waiting
    // for a write that only this thread could make.
    lock.unlock();
    impl_->writer.write_here();
    lock.lock();
  }
  --channel.flushes;
}

std::shared_ptr<AnswerRecording> ConversationRecorder::begin_turn(std::string_view user_text,
                                                                  const AnswerSource& source) {
  store::TurnStart turn;
  turn.prompt_text = user_text;
  turn.source = source;
  return impl_->begin(std::move(turn), true, nullptr);
}

Error ConversationRecorder::begin_answer(const AnswerSource& source,
                                         std::shared_ptr<AnswerRecording>& out) {
  store::TurnStart turn;
  turn.source = source;
  Error usage_error;
  out = impl_->begin(std::move(turn), false, &usage_error);
  if (usage_error) return usage_error;
  if (!out) {
    return Error(ErrorCode::store, "the conversation store " +
                                       impl_->shared_store->path().string() +
                                       " cannot be written (see the warning)");
  }
  return {};
}

}  // namespace tinychat
