#pragma once

#include <QObject>
#include <QTimer>
#include <cstdint>
#include <memory>

#include "tinychat/store.h"

namespace tinychat::gui {

/// Learns of changes that another process (`tinychat -c`, a second window) wrote to the store:
/// every `interval` it asks SQLite's data_version, which costs no read of the file, and signals
/// when it changed. The window's own writes do not count.
class StoreWatcher : public QObject {
  Q_OBJECT

 public:
  StoreWatcher(std::shared_ptr<Store> store, int interval_ms, QObject* parent = nullptr);

  /// Asks now rather than at the next tick.
  void check();

 signals:
  void changed();

 private:
  std::shared_ptr<Store> store_;
  QTimer timer_;
  std::int64_t version_ = 0;
};

}  // namespace tinychat::gui
