#include "compare_turn.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>

#include "checked_output.h"
#include "tinychat/compare_recording.h"

namespace tinychat::cli {

namespace {

using Clock = std::chrono::steady_clock;

// The terminal's size, 80×24 when it does not say.
winsize terminal_size() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0) size = {};
  if (size.ws_col == 0) size.ws_col = 80;
  if (size.ws_row == 0) size.ws_row = 24;
  return size;
}

std::string seconds(Clock::duration duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(duration).count());
  return text;
}

// "gpt-4o: first token 0.41 s, total 2.30 s, 123 tokens, 53.5 tokens/s, $0.0012". Tokens are
// the server's count of output tokens, or, where it reports none, the text events ("events").
// The cost only where the model's price and the server's counts are known.
std::string summary_line(const Contender& c, Clock::time_point start) {
  std::string line = c.model + ": ";
  if (c.result.error) line += "failed: " + c.result.error.message + "; ";
  line += "first token " + (c.first_token ? seconds(*c.first_token - start) : std::string("-"));
  line += ", total " + seconds(c.ended - start);
  const bool counted = c.result.usage.output_tokens >= 0;
  const auto tokens =
      counted ? static_cast<std::uint64_t>(c.result.usage.output_tokens) : c.text_events;
  line += ", " + std::to_string(tokens) + (counted ? " tokens" : " text events");
  if (c.first_token && c.ended > *c.first_token && tokens > 0) {
    char rate[48];
    std::snprintf(rate, sizeof rate, ", %.1f %s/s",
                  static_cast<double>(tokens) /
                      std::chrono::duration<double>(c.ended - *c.first_token).count(),
                  counted ? "tokens" : "events");
    line += rate;
  }
  if (c.price) {
    if (const std::optional<double> cost = usage_cost(c.result.usage, *c.price)) {
      line += ", " + format_usd(*cost);
    }
  }
  return line;
}

// The prompt and the first model's answer as a new turn, the others as its siblings; the first
// model's answer stays the conversation's current branch (tinychat -c --pick chooses another).
void record_answers(ConversationRecorder& recorder, const std::string& prompt,
                    std::vector<Contender>& contenders) {
  std::vector<AnswerSource> sources;
  for (const Contender& c : contenders) sources.push_back(answer_source(c.provider, c.request));
  std::vector<std::shared_ptr<AnswerRecording>> recordings =
      record_compared_prompt(recorder, prompt, sources);
  for (std::size_t i = 0; i < contenders.size() && i < recordings.size(); ++i) {
    contenders[i].recording = std::move(recordings[i]);
  }
}

}  // namespace

std::unique_ptr<CompareView> make_compare_view(bool json, std::vector<std::string> models) {
  if (json) return make_json_view(stdout, std::move(models));
  if (::isatty(STDOUT_FILENO) == 1) {
    const winsize size = terminal_size();
    return make_live_view(stdout, std::move(models), size.ws_col, size.ws_row);
  }
  return make_sections_view(stdout, std::move(models));
}

CompareOutcome compare_turn(const std::shared_ptr<Session>& http,
                            std::vector<Contender>& contenders, const History& history,
                            const std::string& prompt, ConversationRecorder* recorder,
                            CompareView& view, const std::function<bool()>& interrupted) {
  std::mutex lock;  // Callbacks come from the loop thread, a refused turn's from this one.
  for (std::size_t i = 0; i < contenders.size(); ++i) {
    Contender& c = contenders[i];
    RetryPolicy retry = c.retry;
    retry.on_retry = [&, i](const RetryNotice& notice) {
      std::lock_guard guard(lock);
      view.notice(i, contenders[i].model + ": " + notice.message());
    };
    c.chat = std::make_unique<ChatSession>(http, make_provider(c.provider), c.request, retry);
    // The text is kept: `tinychat chat` goes on from the first answer (a one-shot comparison
    // holds each answer until it is written anyway).
    if (!history.empty()) static_cast<void>(c.chat->set_history(history));  // Idle: no error.
  }
  if (recorder != nullptr) record_answers(*recorder, prompt, contenders);

  const Clock::time_point start = Clock::now();
  for (std::size_t i = 0; i < contenders.size(); ++i) {
    auto on_deltas = [&, i](std::span<const Delta> deltas) {
      std::lock_guard guard(lock);
      Contender& me = contenders[i];
      for (const Delta& delta : deltas) {
        if (delta.kind != DeltaKind::text && delta.kind != DeltaKind::reasoning) continue;
        if (!me.first_token) me.first_token = Clock::now();
        if (delta.kind == DeltaKind::text) ++me.text_events;
      }
      if (me.recording) me.recording->append(deltas);
      view.deltas(i, deltas);
    };
    auto on_done = [&, i](const TurnResult& result) {
      std::lock_guard guard(lock);
      Contender& me = contenders[i];
      me.ended = Clock::now();
      me.result = result;
      if (me.recording) me.recording->finish(answer_outcome(result));
      view.finished(i, result);
    };
    contenders[i].reply = contenders[i].chat->stream_response(prompt, on_deltas, on_done);
  }
  CompareOutcome outcome;
  for (Contender& c : contenders) {
    while (c.reply.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (interrupted()) outcome.interrupted = true;
      if (outcome.interrupted || view.output_failed()) {
        for (Contender& other : contenders) other.reply.cancel();
      }
    }
    c.reply.get();
  }
  view.end();
  if (recorder != nullptr) recorder->flush();
  outcome.output_status = view.finish_output();
  for (Contender& c : contenders) {
    report(summary_line(c, start));
    outcome.all_completed = outcome.all_completed && !c.result.error;
    c.chat.reset();
  }
  return outcome;
}

}  // namespace tinychat::cli
