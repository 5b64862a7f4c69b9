#include "ids.h"
#include "recorder_channel.h"
#include "tinychat/conversation_recorder.h"

namespace tinychat {

AnswerRecording::AnswerRecording(std::shared_ptr<store::RecorderChannel> channel,
                                 std::shared_ptr<store::AnswerBuffer> buffer)
    : channel_(std::move(channel)), buffer_(std::move(buffer)) {}

const std::string& AnswerRecording::message_id() const { return buffer_->message_id; }

void AnswerRecording::append(std::span<const Delta> deltas) {
  std::lock_guard lock(channel_->mutex);
  store::AnswerBuffer& buffer = *buffer_;
  if (channel_->stopping || channel_->broken || buffer.outcome) return;
  const bool was_pending = buffer.pending();
  for (const Delta& delta : deltas) {
    if (delta.kind == DeltaKind::text) buffer.text.append(delta.text);
    if (delta.kind == DeltaKind::reasoning) buffer.reasoning.append(delta.text);
  }
  if (buffer.first_token_ms == 0 && (!buffer.text.empty() || !buffer.reasoning.empty())) {
    buffer.first_token_ms = store::now_ms();
  }
  if (!was_pending && buffer.pending()) {
    // The clock starts with the first piece since the last checkpoint; the writer sleeps until
    // then, so an idle recorder costs nothing.
    buffer.due = std::chrono::steady_clock::now() + store::kCheckpointInterval;
    channel_->wake.notify_one();
  }
}

void AnswerRecording::finish(AnswerOutcome outcome) {
  std::lock_guard lock(channel_->mutex);
  if (channel_->stopping || channel_->broken || buffer_->outcome) return;
  buffer_->outcome = std::move(outcome);
  buffer_->finished_ms = store::now_ms();
  channel_->wake.notify_one();
}

}  // namespace tinychat
