#include <csignal>
#include <cstdio>
#include <future>
#include <memory>

#include "chat_setup.h"
#include "checked_output.h"
#include "commands.h"
#include "prompt_input.h"
#include "reply_printer.h"
#include "tinychat/chat_session.h"
#include "tinychat/curl_session.h"
#include "usage_summary.h"

namespace tinychat::cli {

namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) { interrupted = 1; }

// Ctrl-C stops the reply but keeps what arrived on standard output; a second Ctrl-C while we
// are still winding down ends the process the usual way.
void catch_interrupts() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
}

}  // namespace

int run_chat(const CliOptions& options) {
  // Before reading standard input: a missing key should not swallow a piped prompt first.
  ChatSetup setup;
  if (const int status = prepare_chat(options, setup); status != kExitOk) return status;
  PromptInput prompt;
  if (const int status = read_one_shot_prompt(options, prompt); status != kExitOk) return status;

  // libcurl sets up (OpenSSL's initialisation) on a thread of its own while this one opens the
  // store and records a new conversation's prompt: start-up pays for the longer of the two, not
  // their sum. This way round because the store's part is the longer, and a new thread starts
  // late (0.6 ms on a 2-core VM). Without a store (-n), no thread.
  const bool with_store = uses_store(options, setup);
  std::future<std::shared_ptr<CurlSession>> curl_setup =
      std::async(with_store ? std::launch::async : std::launch::deferred,
                 [&] { return std::make_shared<CurlSession>(setup.http_options); });
  OpenedTurn opened = with_store ? open_turn(options, setup, prompt.text) : OpenedTurn{};
  // The prompt is in the store before the request goes out.
  const std::shared_ptr<CurlSession> http = curl_setup.get();
  ChatSession chat(http, make_provider(setup.resolved.config), request_options(options, setup),
                   retry_policy(options, setup.settings));
  // One question, one answer, written out as it streams: holding it as history too would
  // only double what a long answer costs in memory.
  chat.set_turn_policy({.keep_history = false});
  std::shared_ptr<ConversationRecorder> recorder = opened.recorder;
  if (!opened.recorded_here) {
    if (const int status = attach_store(options, setup, chat, std::move(opened.recorder), recorder);
        status != kExitOk) {
      return status;
    }
  }
  // Recorded here rather than by ChatSession: what it would do with the same turn.
  const std::shared_ptr<AnswerRecording> recording = opened.recording;

  // A continued conversation may have grown near the model's context window.
  if (const std::string warning = context_window_warning(
          setup.resolved.model, estimated_tokens(chat.history(), {}, prompt.text));
      !warning.empty()) {
    report("warning: " + warning);
  }

  ReplyPrinter printer(stdout, stderr, !options.hide_reasoning,
                       markdown_wanted(stdout, options.raw));
  // The price table is parsed only when a cost is to be shown: it costs start-up a quarter of a
  // millisecond.
  if (options.show_usage) {
    printer.set_price(prices_with(setup.settings.prices).find(setup.resolved.model));
  }
  catch_interrupts();
  PendingReply reply = chat.stream_response(
      std::move(prompt.text),
      [&printer, recording](std::span<const Delta> deltas) {
        printer.print(deltas);
        if (recording) recording->append(deltas);
      },
      [recording](const TurnResult& result) {
        if (recording) recording->finish(answer_outcome(result));
      });
  // The recorder has no thread of its own: this loop, awake every 50 ms, writes its checkpoints,
  // and its destructor the rest once the answer is out.
  while (reply.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
    printer.refresh();
    if (recorder) recorder->write_due();
    // An answer that cannot be written is not worth paying for.
    if (interrupted || printer.output_failed()) reply.cancel();
  }
  const int status = printer.finish(reply.get(), options.show_usage);
  return interrupted ? kExitInterrupted : status;
}

}  // namespace tinychat::cli
