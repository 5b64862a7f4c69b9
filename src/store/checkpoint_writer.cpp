#include "checkpoint_writer.h"

#include <algorithm>

#include "answer_rows.h"

namespace tinychat::store {

using Clock = std::chrono::steady_clock;

// One answer's share of a transaction.
struct CheckpointWriter::Work {
  std::shared_ptr<AnswerBuffer> answer;
  TextBuffer text;
  TextBuffer reasoning;
  std::int64_t first_token_ms = 0;
  std::optional<AnswerOutcome> outcome;
  std::int64_t finished_ms = 0;
};

void report_failure(RecorderChannel& channel, Error problem) {
  ConversationRecorder::WarningHandler handler;
  {
    std::lock_guard lock(channel.mutex);
    channel.broken = true;
    for (const auto& answer : channel.answers) {
      answer->text.clear();
      answer->reasoning.clear();
    }
    channel.answers.clear();
    if (channel.warned) return;
    channel.warned = true;
    handler = channel.on_warning;
  }
  channel.written.notify_all();
  problem.message += "; the answer is not affected, but this chat is no longer recorded";
  if (handler) handler(problem);
}

CheckpointWriter::CheckpointWriter(std::shared_ptr<Store> store, Connection& connection,
                                   std::shared_ptr<RecorderChannel> channel, bool own_thread)
    : store_(std::move(store)), connection_(connection), channel_(std::move(channel)) {
  if (own_thread) thread_ = std::thread([this] { run(); });
}

CheckpointWriter::~CheckpointWriter() {
  {
    std::lock_guard lock(channel_->mutex);
    channel_->stopping = true;
  }
  if (!thread_.joinable()) {
    write_here();
    return;
  }
  channel_->wake.notify_all();
  thread_.join();
}

void CheckpointWriter::write_here() {
  std::unique_lock lock(channel_->mutex);
  // One writer at a time: an answer's checkpoints are numbered in the order they are written.
  channel_->written.wait(lock, [&] { return !channel_->writing; });
  Clock::time_point next_due;
  write_due_work(lock, next_due);
}

std::vector<CheckpointWriter::Work> CheckpointWriter::take_due_work(Clock::time_point& next_due) {
  const Clock::time_point now = Clock::now();
  const bool everything_due = channel_->stopping || channel_->flushes > 0;
  next_due = Clock::time_point::max();
  std::vector<Work> work;
  for (const auto& answer : channel_->answers) {
    const bool pending = answer->pending();
    if (!answer->outcome && !(pending && (everything_due || answer->due <= now))) {
      if (pending) next_due = std::min(next_due, answer->due);
      continue;
    }
    Work item;
    item.answer = answer;
    item.text.swap(answer->text);
    item.reasoning.swap(answer->reasoning);
    if (!answer->first_token_written) item.first_token_ms = answer->first_token_ms;
    answer->first_token_written = answer->first_token_ms != 0;
    item.outcome = std::move(answer->outcome);
    item.finished_ms = answer->finished_ms;
    work.push_back(std::move(item));
  }
  // An ended answer leaves the channel with its last write.
  std::erase_if(channel_->answers, [&](const auto& answer) {
    return std::any_of(work.begin(), work.end(), [&](const Work& item) {
      return item.answer == answer && item.outcome.has_value();
    });
  });
  return work;
}

Error CheckpointWriter::write(std::vector<Work>& work) {
  return connection_.write([&](Database& db) {
    for (Work& item : work) {
      const std::string& id = item.answer->message_id;
      if (item.outcome) {
        settle_answer(db, id, item.text.view(), item.reasoning.view(), *item.outcome,
                      item.first_token_ms, item.finished_ms,
                      item.answer->next_seq > 0 ? EarlierText::in_checkpoints : EarlierText::none);
      } else {
        append_answer_chunk(db, id, item.answer->next_seq++, item.text.view(),
                            item.reasoning.view(), item.first_token_ms);
      }
    }
    return Error();
  });
}

bool CheckpointWriter::write_due_work(std::unique_lock<std::mutex>& lock,
                                      Clock::time_point& next_due) {
  std::vector<Work> work = take_due_work(next_due);
  if (work.empty()) return false;
  channel_->writing = true;
  lock.unlock();
  Error error = write(work);
  if (error) report_failure(*channel_, std::move(error));
  lock.lock();
  channel_->writing = false;
  channel_->written.notify_all();
  return true;
}

void CheckpointWriter::run() {
  std::unique_lock lock(channel_->mutex);
  while (true) {
    Clock::time_point next_due;
    if (write_due_work(lock, next_due)) continue;
    if (channel_->stopping || channel_->broken) break;
    if (next_due == Clock::time_point::max()) {
      channel_->wake.wait(lock);
    } else {
      channel_->wake.wait_until(lock, next_due);
    }
  }
  channel_->written.notify_all();
}

}  // namespace tinychat::store
