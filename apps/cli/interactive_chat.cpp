// `tinychat chat`: prompts read on the main thread, answers streamed by the HTTP session's
// thread and printed as they arrive; Ctrl-C stops an answer and the chat goes on.
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>

#include "chat_commands.h"
#include "chat_compare.h"
#include "chat_input.h"
#include "chat_interrupts.h"
#include "chat_setup.h"
#include "checked_output.h"
#include "commands.h"
#include "line_source.h"
#include "reply_printer.h"
#include "standard_streams.h"
#include "tinychat/curl_session.h"
#include "tinychat/terminal_text.h"

namespace tinychat::cli {

namespace {

// $XDG_STATE_HOME/tinychat/chat_history (else ~/.local/state/...), its folder private; "" when
// there is no home to put it in.
std::string input_history_file(const Environment& env) {
  std::filesystem::path folder;
  if (const auto state = env("XDG_STATE_HOME"); state && !state->empty()) {
    folder = *state;
  } else if (const auto home = env("HOME"); home && !home->empty()) {
    folder = std::filesystem::path(*home) / ".local" / "state";
  } else {
    return {};
  }
  folder /= "tinychat";
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return {};
  std::filesystem::permissions(folder, std::filesystem::perms::owner_all, error);
  return (folder / "chat_history").string();
}

// Warns on standard error when the conversation, with `prompt`, nears the model's context window.
void warn_near_context_window(const ChatContext& context, std::string_view prompt) {
  const std::string warning =
      context_window_warning(context.chat.options().model,
                             estimated_tokens(context.chat.history(), context.last_usage, prompt));
  if (!warning.empty()) report("warning: " + warning + "; /new starts a new conversation");
}

// Streams one answer, started by `start`; Ctrl-C stops it (what arrived stays, marked
// interrupted). Its usage and cost follow it on a terminal (with -u always) and join the
// conversation's total. Returns ReplyPrinter::finish's status.
template <class Start>
int stream_answer(ChatContext& context, bool terminal, Start start) {
  const CliOptions& options = context.options;
  ReplyPrinter printer(stdout, stderr, !options.hide_reasoning,
                       markdown_wanted(stdout, options.raw));
  const ModelPrice* price = context.prices.find(context.chat.options().model);
  printer.set_price(price);
  take_interrupt();  // a Ctrl-C before the answer began is not meant for it
  PendingReply reply = start([&printer](std::span<const Delta> deltas) { printer.print(deltas); });
  bool interrupted = false;
  while (reply.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
    printer.refresh();
    interrupted |= take_interrupt();
    // An answer that cannot be written is not worth paying for.
    if (interrupted || printer.output_failed()) reply.cancel();
  }
  TurnResult result = reply.get();
  interrupted |= take_interrupt();
  if (interrupted && result.error.code == ErrorCode::cancelled) {
    result.error.message = "interrupted (Ctrl-C): the chat goes on";
  }
  context.conversation_usage.add(result.usage, price);
  context.last_usage = result.usage;
  return printer.finish(result, options.show_usage || terminal);
}

}  // namespace

int run_interactive_chat(const CliOptions& options) {
  // Before curl's and the store's threads start, so that they never take Ctrl-C from the
  // main thread (it must interrupt the main thread's read at the prompt).
  block_interrupts();
  ChatSetup setup;
  if (const int status = prepare_chat(options, setup); status != kExitOk) return status;
  if (standard_output_closed()) {
    report(write_failure_message(EBADF));
    return kExitReplyFailed;
  }
  auto http = std::make_shared<CurlSession>(setup.http_options);
  ChatSession chat(http, make_provider(setup.resolved.config), request_options(options, setup),
                   retry_policy(options, setup.settings));
  ChatContext context{options, setup, chat, nullptr, prices_with(setup.settings.prices), {}, {}};
  if (const int status = attach_store(options, setup, chat, context.recorder); status != kExitOk) {
    return status;
  }
  // A continued conversation's total starts with what its answers so far cost.
  if (setup.continuing && setup.continuation.store) {
    std::vector<ModelUsage> sums;
    if (!setup.continuation.store->conversation_usage(setup.continuation.conversation.id, sums)) {
      for (const ModelUsage& sum : sums) {
        context.conversation_usage.add_stored(sum, context.prices.find(sum.model));
      }
    }
  }
  catch_interrupts_in_chat();

  const bool terminal = ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1;
  std::unique_ptr<LineSource> source;
  if (terminal) {
    std::setlocale(LC_CTYPE, "");  // libedit edits characters, not bytes
    source = make_terminal_source(input_history_file(setup.env));
    std::string greeting = "tinychat chat with ";
    greeting += setup.resolved.model;
    greeting += " (" + setup.resolved.config.name + "); /help lists the commands, Ctrl-D leaves.";
    std::fprintf(stderr, "%s\n", terminal_safe(greeting).c_str());
  } else {
    source = make_stream_source();
  }

  // Scripted, the exit status says whether every answer completed; at a terminal the person
  // saw each one.
  int status = kExitOk;
  std::string text;
  bool block = false;
  std::string comparing;  // /compare's models, for the next prompt
  for (;;) {
    const LineRead read = read_chat_input(*source, text, block);
    if (read == LineRead::end) break;
    if (read == LineRead::interrupted) continue;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    source->remember(block ? "\"\"\"\n" + text + "\n\"\"\"" : text);
    CommandOutcome outcome{CommandOutcome::Next::send, text};
    if (!block && is_chat_command(text)) outcome = run_chat_command(text, context);
    int answered = kExitOk;
    switch (outcome.next) {
      case CommandOutcome::Next::prompt:
        continue;
      case CommandOutcome::Next::exit:
        return status;
      case CommandOutcome::Next::compare:
        comparing = std::move(outcome.text);
        continue;
      case CommandOutcome::Next::retry:
        warn_near_context_window(context, {});
        answered = stream_answer(context, terminal, [&](DeltaCallback on_deltas) {
          return chat.regenerate(std::move(on_deltas));
        });
        break;
      case CommandOutcome::Next::send:
        if (!comparing.empty()) {
          answered = compare_in_chat(context, http, std::exchange(comparing, {}), outcome.text);
          break;
        }
        warn_near_context_window(context, outcome.text);
        answered = stream_answer(context, terminal, [&](DeltaCallback on_deltas) {
          return chat.stream_response(std::move(outcome.text), std::move(on_deltas));
        });
        break;
    }
    if (answered == kExitReaderGone) return answered;
    if (answered != kExitOk && !terminal) status = answered;
    if (std::ferror(stdout)) return kExitReplyFailed;  // the printer said why
  }
  return status;
}

}  // namespace tinychat::cli
