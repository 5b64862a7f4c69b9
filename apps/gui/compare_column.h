#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "chat_controller.h"

namespace tinychat::gui {

// One model's answer. The HTTP thread's callbacks hold the feed, the recording and the first
// token's time; the rest is the GUI thread's.
struct ChatController::CompareColumn {
  std::string model;  // as resolved: the label of its column
  AnswerSource source;
  std::shared_ptr<ReplyFeed> feed = std::make_shared<ReplyFeed>();
  std::shared_ptr<AnswerRecording> recording;
  std::shared_ptr<std::atomic<std::int64_t>> first_token_ms =
      std::make_shared<std::atomic<std::int64_t>>(0);
  std::int64_t sent_ms = 0;
  bool done = false;
  TurnResult result;
  // Last, so that it goes first: its destructor cancels the reply and waits for its callbacks.
  std::unique_ptr<ChatSession> chat;
  PendingReply reply;
};

}  // namespace tinychat::gui
