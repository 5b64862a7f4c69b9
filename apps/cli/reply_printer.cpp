#include "reply_printer.h"

#include <unistd.h>

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
      err_is_terminal_(::isatty(::fileno(err)) == 1),
      out_is_terminal_(::isatty(::fileno(out)) == 1) {}

void ReplyPrinter::print(std::span<const Delta> deltas) {
  for (const Delta& delta : deltas) {
    if (delta.kind == DeltaKind::text && !delta.text.empty()) {
      end_reasoning();
      std::fwrite(delta.text.data(), 1, delta.text.size(), out_);
      last_answer_char_ = delta.text.back();
      printed_answer_ = true;
    } else if (delta.kind == DeltaKind::reasoning && show_reasoning_ && !delta.text.empty()) {
      if (!in_reasoning_) {
        if (err_is_terminal_) std::fputs(kDim, err_);
        in_reasoning_ = true;
      }
      std::fwrite(delta.text.data(), 1, delta.text.size(), err_);
    }
  }
  // One flush per network read: the text appears as it arrives without a write per token.
  std::fflush(err_);
  std::fflush(out_);
}

void ReplyPrinter::end_reasoning() {
  if (!in_reasoning_) return;
  in_reasoning_ = false;
  std::fputs(err_is_terminal_ ? "\x1b[0m\n\n" : "\n\n", err_);
  std::fflush(err_);
}

int ReplyPrinter::finish(const TurnResult& result, bool show_usage) {
  end_reasoning();
  // On a terminal the prompt should not start on the answer's last line; in a pipe the bytes
  // stay exactly what the model sent.
  if (out_is_terminal_ && printed_answer_ && last_answer_char_ != '\n') std::fputc('\n', out_);
  std::fflush(out_);
  if (result.error) {
    std::fprintf(err_, "tinychat: %s\n", result.error.message.c_str());
    if (!result.text.empty()) {
      std::fputs("tinychat: the answer above is incomplete.\n", err_);
    }
  } else if (!is_natural_finish(result.finish_reason)) {
    std::fprintf(err_, "tinychat: the answer stopped early (finish reason: %s).\n",
                 result.finish_reason.c_str());
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
