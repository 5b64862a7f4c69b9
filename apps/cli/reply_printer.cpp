#include "reply_printer.h"

#include <unistd.h>

#include "tinychat/terminal_text.h"

namespace tinychat::cli {

namespace {

constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

// Finish reasons that mean the model ended on its own; anything else cut the answer short.
bool is_natural_finish(const std::string& reason) {
  return reason.empty() || reason == "stop" || reason == "end_turn" || reason == "STOP" ||
         reason == "COMPLETE" || reason == "eos" || reason == "stop_sequence" ||
         reason == "STOP_SEQUENCE" || reason == "tool_calls" || reason == "tool_use" ||
         reason == "TOOL_CALL";
}

}  // namespace

ReplyPrinter::ReplyPrinter(std::FILE* out, std::FILE* err, bool show_reasoning)
    : out_(out),
      err_(err),
      show_reasoning_(show_reasoning),
      err_is_terminal_(::isatty(::fileno(err)) == 1) {}

void ReplyPrinter::write_err(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), err_);
}

void ReplyPrinter::print(std::span<const Delta> deltas) {
  if (out_.failed()) return;
  for (const Delta& delta : deltas) {
    if (delta.kind == DeltaKind::text && !delta.text.empty()) {
      end_reasoning();
      out_.write_received(delta.text);
      last_answer_char_ = delta.text.back();
      printed_answer_ = true;
    } else if (delta.kind == DeltaKind::reasoning && show_reasoning_ && !delta.text.empty()) {
      if (!in_reasoning_) {
        if (err_is_terminal_) write_err(kDim);
        in_reasoning_ = true;
      }
      scratch_.clear();
      append_terminal_safe(scratch_, delta.text);
      write_err(scratch_);
    }
  }
  // One flush per pass of the HTTP loop: the text appears as it arrives without a write per token.
  std::fflush(err_);
  out_.flush();
}

void ReplyPrinter::end_reasoning() {
  if (!in_reasoning_) return;
  in_reasoning_ = false;
  write_err(err_is_terminal_ ? "\x1b[0m\n\n" : "\n\n");
  std::fflush(err_);
}

int ReplyPrinter::finish(const TurnResult& result, bool show_usage) {
  end_reasoning();
  // On a terminal the prompt should not start on the answer's last line; in a pipe the bytes
  // stay exactly what the model sent.
  if (out_.is_terminal() && printed_answer_ && last_answer_char_ != '\n') out_.write("\n");
  out_.flush();
  if (out_.reader_gone()) return kExitReaderGone;  // `| head` had enough: quiet, as filters are.
  if (out_.failed()) {
    report(write_failure_message(out_.error()));
    if (result.text_bytes > 0) report("the answer was not written in full.");
    return 1;
  }
  if (result.error) {
    report(result.error.message);
    if (result.text_bytes > 0) report("the answer above is incomplete.");
  } else if (!is_natural_finish(result.finish_reason)) {
    report("the answer stopped early (finish reason: " + result.finish_reason + ").");
  }
  if (show_usage && !result.usage.empty()) {
    const std::string line = describe_usage(result.usage);
    std::fprintf(err_, "%s%s%s\n", err_is_terminal_ ? kDim : "", line.c_str(),
                 err_is_terminal_ ? kReset : "");
  }
  std::fflush(err_);
  return result.error ? 1 : 0;
}

std::string describe_usage(const Usage& usage) {
  auto count = [](std::int64_t n) { return n < 0 ? std::string("?") : std::to_string(n); };
  std::string line = "usage: " + count(usage.input_tokens) + " input";
  if (usage.cached_tokens > 0) line += " (" + count(usage.cached_tokens) + " cached)";
  line += ", " + count(usage.output_tokens) + " output";
  if (usage.reasoning_tokens > 0) line += " (" + count(usage.reasoning_tokens) + " reasoning)";
  return line + " tokens";
}

}  // namespace tinychat::cli
