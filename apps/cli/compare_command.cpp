// `tinychat -m a -m b -m c "prompt"` (or --compare a,b,c): one prompt to several models at once,
// every request on the one HTTP session's loop, so the answers take the time of the slowest,
// not the sum. The answers are stored as siblings of the one prompt.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>

#include "chat_setup.h"
#include "checked_output.h"
#include "commands.h"
#include "compare_view.h"
#include "prompt_input.h"
#include "standard_streams.h"
#include "tinychat/chat_session.h"
#include "tinychat/curl_session.h"

namespace tinychat::cli {

namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t compare_interrupted = 0;

extern "C" void on_compare_interrupt(int) { compare_interrupted = 1; }

// One model's part: its session, where its answer is recorded, and its times.
struct Contender {
  std::string model;
  ChatSetup setup;
  RequestOptions request;
  std::unique_ptr<ChatSession> chat;
  std::shared_ptr<AnswerRecording> recording;
  PendingReply reply;
  std::optional<Clock::time_point> first_token;
  Clock::time_point ended;
  std::uint64_t text_events = 0;
  TurnResult result;
};

int terminal_columns() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

AnswerOutcome outcome_of(const TurnResult& result) {
  AnswerOutcome outcome;
  if (result.error.code == ErrorCode::cancelled) {
    outcome.status = MessageStatus::interrupted;
  } else if (result.error) {
    outcome.status = MessageStatus::failed;
  }
  outcome.error = result.error.message;
  outcome.finish_reason = result.finish_reason;
  outcome.usage = result.usage;
  return outcome;
}

std::string seconds(Clock::duration duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(duration).count());
  return text;
}

// "gpt-4o: first token 0.41 s, total 2.30 s, 123 tokens, 53.5 tokens/s". Tokens are the
// server's count of output tokens, or, where it reports none, the text events ("events").
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
  return line;
}

// The prompt and the first model's answer as a new turn, the others as its siblings; the first
// model's answer stays the conversation's current branch (tinychat -c --pick chooses another).
void record_answers(ConversationRecorder& recorder, const std::string& prompt,
                    std::vector<Contender>& contenders) {
  auto source = [](const Contender& c) {
    return AnswerSource{c.setup.resolved.config.name, c.request.model,
                        c.setup.resolved.config.base_url, c.request.system_prompt,
                        c.request.temperature};
  };
  contenders.front().recording = recorder.begin_turn(prompt, source(contenders.front()));
  if (!contenders.front().recording) return;
  StoredMessage asked;
  if (recorder.last_prompt(asked)) return;
  for (std::size_t i = 1; i < contenders.size(); ++i) {
    if (recorder.checkout(asked.id)) return;
    if (recorder.begin_answer(source(contenders[i]), contenders[i].recording)) return;
  }
  recorder.checkout(contenders.front().recording->message_id());
}

}  // namespace

std::vector<std::string> compared_models(const CliOptions& options) {
  std::vector<std::string> models = options.models;
  for (std::size_t at = 0; at < options.compare.size();) {
    const std::size_t comma = std::min(options.compare.find(',', at), options.compare.size());
    if (comma > at) models.push_back(options.compare.substr(at, comma - at));
    at = comma + 1;
  }
  return models;
}

int run_compare(const CliOptions& options) {
  const std::vector<std::string> models = compared_models(options);
  std::vector<Contender> contenders(models.size());
  for (std::size_t i = 0; i < models.size(); ++i) {
    CliOptions one = options;
    one.model = models[i];
    contenders[i].model = models[i];
    if (const int status = prepare_chat(one, contenders[i].setup); status != kExitOk) {
      return status;
    }
    contenders[i].request = request_options(one, contenders[i].setup);
  }
  if (standard_output_closed()) {
    report(write_failure_message(EBADF));
    return kExitReplyFailed;
  }
  PromptInput prompt = read_prompt(options.prompt_words);
  if (!prompt.problem.empty()) {
    report(prompt.problem);
    return kExitUsage;
  }
  if (prompt.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    report("no prompt: give it as arguments or on standard input (tinychat --help)");
    return kExitUsage;
  }

  // One session, one loop thread, for every model.
  auto http = std::make_shared<CurlSession>(contenders.front().setup.http_options);
  const ChatSetup& first = contenders.front().setup;
  const bool record = !options.no_log && first.settings.log.value_or(true);
  std::shared_ptr<ConversationRecorder> recorder;
  if (record || first.continuing) {
    recorder = open_recorder_or_warn(first.continuation.store, store_file(options.db, first.env),
                                     first.continuation.conversation.id);
    if (!recorder && first.continuing) return kExitUsage;
  }
  History history;
  if (recorder && first.continuing) {
    if (Error error = recorder->branch_history(history)) {
      report(error.message);
      return kExitUsage;
    }
  }
  for (Contender& c : contenders) {
    c.chat = std::make_unique<ChatSession>(http, make_provider(c.setup.resolved.config), c.request,
                                           retry_policy(options, c.setup.settings));
    c.chat->set_turn_policy({.keep_history = false});
    if (!history.empty()) {
      if (Error error = c.chat->set_history(history)) {
        report(error.message);
        return kExitUsage;
      }
    }
  }
  if (recorder && record) record_answers(*recorder, prompt.text, contenders);

  std::unique_ptr<CompareView> view;
  if (options.json) {
    view = make_json_view(stdout, models);
  } else if (::isatty(STDOUT_FILENO) == 1) {
    view = make_live_view(stdout, models, terminal_columns());
  } else {
    view = make_sections_view(stdout, models);
  }
  std::mutex lock;  // Callbacks come from the loop thread, a refused turn's from this one.

  struct sigaction action {};
  action.sa_handler = on_compare_interrupt;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);

  const Clock::time_point start = Clock::now();
  for (std::size_t i = 0; i < contenders.size(); ++i) {
    Contender& c = contenders[i];
    auto on_deltas = [&, i](std::span<const Delta> deltas) {
      std::lock_guard guard(lock);
      Contender& me = contenders[i];
      for (const Delta& delta : deltas) {
        if (delta.kind != DeltaKind::text && delta.kind != DeltaKind::reasoning) continue;
        if (!me.first_token) me.first_token = Clock::now();
        if (delta.kind == DeltaKind::text) ++me.text_events;
      }
      if (me.recording) me.recording->append(deltas);
      view->deltas(i, deltas);
    };
    auto on_done = [&, i](const TurnResult& result) {
      std::lock_guard guard(lock);
      Contender& me = contenders[i];
      me.ended = Clock::now();
      me.result = result;
      if (me.recording) me.recording->finish(outcome_of(result));
      view->finished(i, result);
    };
    c.reply = c.chat->stream_response(prompt.text, on_deltas, on_done);
  }
  for (Contender& c : contenders) {
    while (c.reply.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (compare_interrupted || view->output_failed()) {
        for (Contender& other : contenders) other.reply.cancel();
      }
    }
    c.reply.get();
  }
  view->end();
  if (recorder) recorder->flush();

  const int output_status = view->finish_output();
  bool all_completed = true;
  for (const Contender& c : contenders) {
    report(summary_line(c, start));
    all_completed = all_completed && !c.result.error;
  }
  if (compare_interrupted) return kExitInterrupted;
  if (output_status != kExitOk) return output_status;
  return all_completed ? kExitOk : kExitReplyFailed;
}

}  // namespace tinychat::cli
