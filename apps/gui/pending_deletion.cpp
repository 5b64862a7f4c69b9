#include "pending_deletion.h"

namespace tinychat::gui {

PendingDeletion::PendingDeletion(Deleter deleter, int undo_ms, QObject* parent)
    : QObject(parent), deleter_(std::move(deleter)) {
  timer_.setSingleShot(true);
  timer_.setInterval(undo_ms);
  connect(&timer_, &QTimer::timeout, this, &PendingDeletion::commit);
}

PendingDeletion::~PendingDeletion() {
  timer_.stop();
  if (!id_.empty()) deleter_(std::exchange(id_, {}));
}

void PendingDeletion::schedule(const std::string& id) {
  if (!id_.empty() && id_ != id) deleter_(std::exchange(id_, {}));
  id_ = id;
  timer_.start();
}

std::string PendingDeletion::undo() {
  timer_.stop();
  std::string id = std::exchange(id_, {});
  emit settled();
  return id;
}

void PendingDeletion::commit() {
  timer_.stop();
  if (!id_.empty()) deleter_(std::exchange(id_, {}));
  emit settled();
}

}  // namespace tinychat::gui
