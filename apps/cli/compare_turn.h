#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compare_view.h"
#include "tinychat/chat_session.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/pricing.h"
#include "tinychat/retry_policy.h"

namespace tinychat::cli {

/// One model of a comparison: what to ask it with, and how its answer went.
struct Contender {
  std::string model;  ///< As the user named it: the label of its answer.
  ProviderConfig provider;
  RequestOptions request;
  RetryPolicy retry;
  std::optional<ModelPrice> price;  ///< For the summary's cost; none when unknown.
  // Filled by compare_turn.
  std::unique_ptr<ChatSession> chat;
  std::shared_ptr<AnswerRecording> recording;
  PendingReply reply;
  std::optional<std::chrono::steady_clock::time_point> first_token;
  std::chrono::steady_clock::time_point ended;
  std::uint64_t text_events = 0;
  TurnResult result;
};

/// How a comparison ended.
struct CompareOutcome {
  bool all_completed = true;
  bool interrupted = false;
  int output_status = 0;  ///< CompareView::finish_output's.
};

/// The view for standard output: JSON Lines with `json`, live panes on a terminal, else
/// `## model` sections.
std::unique_ptr<CompareView> make_compare_view(bool json, std::vector<std::string> models);

/// Sends `prompt` after `history` to every contender at once, each its own ChatSession on the
/// one `http` session; shows the answers in `view`, then a summary per model on standard error.
/// With a `recorder`, the prompt and the first model's answer are recorded as a turn, the others
/// as its siblings, and the first model's answer stays the current branch. `interrupted` is
/// polled while the answers stream: true cancels them all.
CompareOutcome compare_turn(const std::shared_ptr<Session>& http,
                            std::vector<Contender>& contenders, const History& history,
                            const std::string& prompt, ConversationRecorder* recorder,
                            CompareView& view, const std::function<bool()>& interrupted);

}  // namespace tinychat::cli
