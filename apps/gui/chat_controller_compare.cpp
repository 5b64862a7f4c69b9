// Compare mode: one prompt to several models at once, each its own ChatSession on the window's
// one CurlSession, so every answer streams on the one HTTP thread and arrives in the time of the
// slowest. Recorded as the command line records a comparison (sibling answers of one prompt).

#include <QDateTime>

#include "answer_numbers.h"
#include "chat_controller.h"
#include "compare_column.h"
#include "tinychat/compare_recording.h"
#include "tinychat/provider_registry.h"

namespace tinychat::gui {

namespace {

std::int64_t now_ms() { return QDateTime::currentMSecsSinceEpoch(); }

}  // namespace

Error ChatController::compare(const QString& text, const std::vector<ModelChoice>& models) {
  if (streaming()) {
    return Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  }
  if (models.size() < 2 || models.size() > kMaxCompared) {
    return Error(ErrorCode::invalid_argument, "Compare two to four models.");
  }
  // Every model is resolved before anything is sent: a missing key sends nothing at all.
  std::vector<std::unique_ptr<CompareColumn>> columns;
  RetryPolicy retry;
  if (settings_.retries) retry.max_retries = *settings_.retries;
  for (const ModelChoice& choice : models) {
    ResolvedProvider resolved;
    if (Error error = resolve_provider(choice_for(choice.provider, choice.model), settings_,
                                       environment_.env, environment_.config_path, resolved)) {
      return error;
    }
    auto column = std::make_unique<CompareColumn>();
    column->model = resolved.model;
    const RequestOptions request{resolved.model, settings_.system_prompt, settings_.temperature,
                                 max_tokens_};
    column->source = answer_source(resolved.config, request);
    column->chat =
        std::make_unique<ChatSession>(http_, make_provider(resolved.config), request, retry);
    columns.push_back(std::move(column));
  }
  abandon_compare();
  columns_ = std::move(columns);
  compare_history_ = chat_->history();
  compare_prompt_ = text.toStdString();
  for (const auto& column : columns_) {
    static_cast<void>(column->chat->set_history(compare_history_));  // idle: no error
  }
  record_compared(compare_prompt_);

  QStringList names;
  for (const auto& column : columns_) names << QString::fromStdString(column->model);
  compare_running_ = columns_.size();
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    CompareColumn& column = *columns_[i];
    // On the HTTP thread: the record and the feed take the pieces; the GUI thread is only
    // woken by the piece that finds the feed empty.
    auto on_deltas = [this, i, feed = column.feed, recording = column.recording,
                      first = column.first_token_ms](std::span<const Delta> deltas) {
      for (const Delta& delta : deltas) {
        if ((delta.kind == DeltaKind::text || delta.kind == DeltaKind::reasoning) &&
            first->load(std::memory_order_relaxed) == 0) {
          first->store(now_ms(), std::memory_order_relaxed);
        }
      }
      if (recording) recording->append(deltas);
      if (feed->push(deltas)) {
        QMetaObject::invokeMethod(
            this, [this, i, feed] { drain_column(i, feed); }, Qt::QueuedConnection);
      }
    };
    auto on_done = [this, i, feed = column.feed,
                    recording = column.recording](const TurnResult& result) {
      if (recording) recording->finish(answer_outcome(result));
      QMetaObject::invokeMethod(
          this, [this, i, feed, result] { finish_column(i, feed, result); }, Qt::QueuedConnection);
    };
    column.sent_ms = now_ms();
    column.reply =
        column.chat->stream_response(compare_prompt_, std::move(on_deltas), std::move(on_done));
  }
  // Once the requests are out, so that the window's work does not delay them; what the answers
  // post is queued behind it.
  emit compare_started(text, names);
  return {};
}

void ChatController::record_compared(const std::string& prompt) {
  if (!recorder_) return;
  std::vector<AnswerSource> sources;
  for (const auto& column : columns_) sources.push_back(column->source);
  std::vector<std::shared_ptr<AnswerRecording>> recordings =
      record_compared_prompt(*recorder_, prompt, sources);
  for (std::size_t i = 0; i < columns_.size(); ++i)
    columns_[i]->recording = std::move(recordings[i]);
}

void ChatController::drain_column(std::size_t column, const std::shared_ptr<ReplyFeed>& feed) {
  if (column >= columns_.size() || columns_[column]->feed != feed) return;  // abandoned
  ReplyFeed::Batch batch = feed->take();
  const int index = static_cast<int>(column);
  if (!batch.reasoning.empty())
    emit compared_reasoning_arrived(index, QString::fromStdString(batch.reasoning));
  if (!batch.text.empty()) emit compared_answer_arrived(index, QString::fromStdString(batch.text));
}

void ChatController::finish_column(std::size_t column, const std::shared_ptr<ReplyFeed>& feed,
                                   const TurnResult& result) {
  if (column >= columns_.size() || columns_[column]->feed != feed) return;
  drain_column(column, feed);
  CompareColumn& c = *columns_[column];
  if (c.done) return;
  c.done = true;
  c.result = result;
  const ReplyOutcome outcome = reply_outcome(result);
  // The same small print as under a stored answer, from the times measured here.
  StoredMessage measured;
  measured.role = Role::assistant;
  measured.model = c.model;
  measured.usage = result.usage;
  measured.sent_ms = c.sent_ms;
  measured.first_token_ms = c.first_token_ms->load(std::memory_order_relaxed);
  measured.finished_ms = now_ms();
  emit compared_reply_finished(static_cast<int>(column), outcome,
                               answer_numbers(measured, prices_));
  if (--compare_running_ > 0) return;
  // The conversation goes on from the first model's answer until the user picks another.
  if (Error error = follow_compared(0)) emit store_warning(QString::fromStdString(error.message));
  emit compare_finished();
}

Error ChatController::follow_compared(std::size_t column) {
  if (column >= columns_.size()) {
    return Error(ErrorCode::invalid_argument, "There is no such answer to continue with.");
  }
  const CompareColumn& chosen = *columns_[column];
  if (recorder_ && chosen.recording) {
    if (Error error = recorder_->checkout(chosen.recording->message_id())) return error;
    recorder_->flush();
    return bind(recorder_);  // the history becomes that branch, read back from the store
  }
  History history = compare_history_;
  history.push_back({Role::user, compare_prompt_, "", false});
  history.push_back({Role::assistant, chosen.result.text, chosen.result.reasoning,
                     static_cast<bool>(chosen.result.error)});
  return chat_->set_history(std::move(history));
}

Error ChatController::choose_compared(std::size_t column) {
  if (streaming()) {
    return Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  }
  return follow_compared(column);
}

std::string ChatController::compared_answer_id(std::size_t column) const {
  if (column >= columns_.size() || !columns_[column]->recording) return {};
  return columns_[column]->recording->message_id();
}

void ChatController::stop_compared() {
  for (const auto& column : columns_) {
    if (!column->done) column->reply.cancel();
  }
}

void ChatController::abandon_compare() {
  // Each ChatSession cancels its reply and waits for its callbacks as it goes; what they post
  // meanwhile finds no column with its feed and is ignored.
  columns_.clear();
  compare_running_ = 0;
  compare_history_.clear();
  compare_prompt_.clear();
}

}  // namespace tinychat::gui
