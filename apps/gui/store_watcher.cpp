#include "store_watcher.h"

namespace tinychat::gui {

StoreWatcher::StoreWatcher(std::shared_ptr<Store> store, int interval_ms, QObject* parent)
    : QObject(parent), store_(std::move(store)) {
  store_->data_version(version_);
  connect(&timer_, &QTimer::timeout, this, &StoreWatcher::check);
  timer_.start(interval_ms);
}

void StoreWatcher::check() {
  std::int64_t version = version_;
  // A failed read (the file locked for long) is asked again at the next tick.
  if (store_->data_version(version) || version == version_) return;
  version_ = version;
  emit changed();
}

}  // namespace tinychat::gui
