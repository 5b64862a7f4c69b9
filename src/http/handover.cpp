#include "handover.h"

#include <unistd.h>

#include <cstdint>

#include "transfer.h"

namespace tinychat::http {

void TransferControl::cancel(const std::shared_ptr<TransferControl>& control) {
  if (control->ended.load(std::memory_order_acquire) ||
      control->cancel_requested.exchange(true, std::memory_order_acq_rel)) {
    return;
  }
  if (std::shared_ptr<Handover> handover = control->handover.lock()) handover->cancel(control);
}

void Handover::start(std::unique_ptr<Transfer> transfer) {
  std::lock_guard lock(mutex_);
  started_.push_back(std::move(transfer));
  wake_locked();
}

void Handover::cancel(std::shared_ptr<TransferControl> control) {
  std::lock_guard lock(mutex_);
  if (stop_) return;  // The loop cancels everything on its way out anyway.
  cancelled_.push_back(std::move(control));
  wake_locked();
}

void Handover::stop() {
  std::lock_guard lock(mutex_);
  stop_ = true;
  wake_locked();
}

void Handover::detach() {
  std::lock_guard lock(mutex_);
  wake_fd_ = -1;
  started_.clear();
  cancelled_.clear();
}

bool Handover::take(Batch& batch) {
  if (!pending_.exchange(false, std::memory_order_acq_rel)) return false;
  std::lock_guard lock(mutex_);
  for (auto& transfer : started_) batch.started.push_back(std::move(transfer));
  started_.clear();
  for (auto& control : cancelled_) batch.cancelled.push_back(std::move(control));
  cancelled_.clear();
  batch.stop = stop_;
  return true;
}

void Handover::wake_locked() {
  pending_.store(true, std::memory_order_release);
  if (wake_fd_ < 0) return;
  const std::uint64_t one = 1;
  // Only fails when the counter is about to overflow, and then the loop is awake anyway.
  [[maybe_unused]] const ssize_t written = ::write(wake_fd_, &one, sizeof one);
}

}  // namespace tinychat::http
