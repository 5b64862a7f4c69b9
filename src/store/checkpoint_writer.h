#pragma once

#include <memory>
#include <thread>

#include "connection.h"
#include "recorder_channel.h"

namespace tinychat::store {

/// The recorder's thread: the only one that writes answers to the file. It sleeps until some
/// text has waited kCheckpointInterval, an answer ends, or flush() asks; then it takes what is
/// pending (a swap, under the channel's lock) and writes it in one transaction, outside the lock,
/// so the thread receiving the answer never waits for the disk.
class CheckpointWriter {
 public:
  CheckpointWriter(std::shared_ptr<Store> store, Connection& connection,
                   std::shared_ptr<RecorderChannel> channel);
  /// Writes what is pending, then joins the thread.
  ~CheckpointWriter();
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

 private:
  struct Work;
  void run();
  std::vector<Work> take_due_work(std::chrono::steady_clock::time_point& next_due);
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
