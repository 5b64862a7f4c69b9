#include "reply_feed.h"

namespace tinychat::gui {

bool ReplyFeed::push(std::span<const Delta> deltas) {
  std::lock_guard lock(mutex_);
  bool added = false;
  for (const Delta& delta : deltas) {
    if (delta.kind == DeltaKind::text) {
      pending_.text += delta.text;
      added = true;
    } else if (delta.kind == DeltaKind::reasoning) {
      pending_.reasoning += delta.text;
      added = true;
    }
  }
  if (!added || wake_pending_) return false;
  wake_pending_ = true;
  return true;
}

ReplyFeed::Batch ReplyFeed::take() {
  std::lock_guard lock(mutex_);
  wake_pending_ = false;
  Batch batch;
  std::swap(batch, pending_);
  return batch;
}

}  // namespace tinychat::gui
