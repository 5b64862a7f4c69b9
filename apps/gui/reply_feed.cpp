#include "reply_feed.h"

namespace tinychat::gui {

bool ReplyFeed::push(std::span<const Delta> deltas) {
  std::lock_guard lock(mutex_);
  // A feed that was empty has no drain on its way: the first piece of text asks for one.
  const bool was_empty = pending_.text.empty() && pending_.reasoning.empty();
  for (const Delta& delta : deltas) {
    if (delta.kind == DeltaKind::text) {
      pending_.text += delta.text;
    } else if (delta.kind == DeltaKind::reasoning) {
      pending_.reasoning += delta.text;
    }
  }
  return was_empty && !(pending_.text.empty() && pending_.reasoning.empty());
}

ReplyFeed::Batch ReplyFeed::take() {
  std::lock_guard lock(mutex_);
  Batch batch;
  std::swap(batch, pending_);
  return batch;
}

}  // namespace tinychat::gui
