#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace tinychat::http {

class Transfer;
class Handover;

/// The part of a transfer that outlives it: PendingResponse::cancel holds it, so cancelling a
/// transfer that has ended, or whose session is gone, touches nothing freed.
struct TransferControl {
  std::weak_ptr<Handover> handover;
  std::atomic<bool> ended{false};
  std::atomic<bool> cancel_requested{false};
  Transfer* transfer = nullptr;  ///< Loop thread only; null once the transfer has ended.

  /// Thread-safe and idempotent; only the first call after the start has an effect.
  static void cancel(const std::shared_ptr<TransferControl>& control);
};

/// Where other threads hand new transfers, cancellations and the stop request to the loop
/// thread, waking it through its eventfd (SocketEvents). The loop's fast path is one atomic
/// exchange.
class Handover {
 public:
  explicit Handover(int wake_fd) : wake_fd_(wake_fd) {}

  void start(std::unique_ptr<Transfer> transfer);
  void cancel(std::shared_ptr<TransferControl> control);
  void stop();
  /// After the loop has ended and before the eventfd is closed: no wake-up may reach it now.
  void detach();

  struct Batch {
    std::vector<std::unique_ptr<Transfer>> started;
    std::vector<std::shared_ptr<TransferControl>> cancelled;
    bool stop = false;
  };
  /// Moves what was handed over into `batch` (loop thread). False when nothing was pending.
  bool take(Batch& batch);

 private:
  void wake_locked();

  std::mutex mutex_;
  int wake_fd_;  // Guarded by mutex_ for wake-ups, so that detach() can retire it.
  std::atomic<bool> pending_{false};
  std::vector<std::unique_ptr<Transfer>> started_;
  std::vector<std::shared_ptr<TransferControl>> cancelled_;
  bool stop_ = false;
};

}  // namespace tinychat::http
