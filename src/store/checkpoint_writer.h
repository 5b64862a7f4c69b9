#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "connection.h"
#include "recorder_channel.h"

namespace tinychat::store {

/// Writes answers to the file: on a thread of its own, which sleeps until some text has waited
/// kCheckpointInterval, an answer ends, or flush() asks; or, without a thread, on the owner's
/// thread when it calls write_here(). Either way it takes what is pending (a swap, under the
/// channel's lock) and writes it in one transaction outside the lock, so the thread receiving
/// the answer never waits for the disk.
class CheckpointWriter {
 public:
  CheckpointWriter(std::shared_ptr<Store> store, Connection& connection,
                   std::shared_ptr<RecorderChannel> channel, bool own_thread);
  /// Writes what is pending, then joins the thread if there is one.
  ~CheckpointWriter();
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  bool has_thread() const { return thread_.joinable(); }
  /// Writes, on the calling thread, what is due: everything while a flush() waits or the writer
  /// is stopping, else the text that has waited kCheckpointInterval and the ended answers.
  void write_here();

 private:
  struct Work;
  void run();
  std::vector<Work> take_due_work(std::chrono::steady_clock::time_point& next_due);
  /// Takes what is due and writes it, the lock released meanwhile; false when nothing was due.
  bool write_due_work(std::unique_lock<std::mutex>& lock,
                      std::chrono::steady_clock::time_point& next_due);
  Error write(std::vector<Work>& work);

  std::shared_ptr<Store> store_;  // keeps the connection alive
  Connection& connection_;
  std::shared_ptr<RecorderChannel> channel_;
  std::thread thread_;
};

/// Marks the recorder broken and hands `problem` to its warning handler, once. Call without the
/// channel's lock.
void report_failure(RecorderChannel& channel, Error problem);

}  // namespace tinychat::store
