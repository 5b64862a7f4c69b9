#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "text_buffer.h"
#include "tinychat/conversation_recorder.h"

namespace tinychat::store {

/// Text waits in memory at most this long before a checkpoint writes it, so a crash loses at
/// most this much of an answer plus one commit's time: 250 ms in all.
inline constexpr std::chrono::milliseconds kCheckpointInterval{200};

/// One answer's text on its way to the file. Guarded by RecorderChannel::mutex, except
/// `next_seq`, which only the checkpoint writer touches.
struct AnswerBuffer {
  explicit AnswerBuffer(std::string id) : message_id(std::move(id)) {}

  bool pending() const {
    return !text.empty() || !reasoning.empty() || (first_token_ms != 0 && !first_token_written);
  }

  const std::string message_id;
  TextBuffer text;  ///< Arrived since the last checkpoint.
  TextBuffer reasoning;
  std::int64_t first_token_ms = 0;
  bool first_token_written = false;
  std::chrono::steady_clock::time_point due;  ///< When pending text must be written.
  std::optional<AnswerOutcome> outcome;       ///< Set by finish().
  std::int64_t finished_ms = 0;
  std::int64_t next_seq = 0;
};

/// What the threads of a recorder share: the answers in flight and the writer's state.
struct RecorderChannel {
  std::mutex mutex;
  std::condition_variable wake;     ///< The checkpoint writer waits on it for work.
  std::condition_variable written;  ///< flush() waits on it for the writer to catch up.
  std::vector<std::shared_ptr<AnswerBuffer>> answers;
  bool writing = false;   ///< The writer took work and has not committed it yet.
  int flushes = 0;        ///< flush() calls waiting: everything pending is due at once.
  bool stopping = false;  ///< The recorder is going away: write what is pending, then stop.
  bool broken = false;    ///< A write failed: nothing more is recorded.
  bool warned = false;
  ConversationRecorder::WarningHandler on_warning;

  /// Nothing waits to be written.
  bool idle() const {
    if (writing) return false;
    for (const auto& answer : answers) {
      if (answer->pending() || answer->outcome) return false;
    }
    return true;
  }
};

}  // namespace tinychat::store
