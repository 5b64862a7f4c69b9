#pragma once

#include <cstdio>
#include <span>
#include <string>

#include "tinychat/chat_session.h"

namespace tinychat::cli {

/// Writes a streamed reply: answer text to standard output, as it arrives and nothing else;
/// reasoning (dimmed on a terminal) and the closing notes to standard error.
class ReplyPrinter {
 public:
  ReplyPrinter(std::FILE* out, std::FILE* err, bool show_reasoning);

  /// For ChatSession::stream_response: one network read's deltas, flushed together.
  void print(std::span<const Delta> deltas);
  /// After the turn: ends the line on a terminal, then reports how it ended on standard error.
  /// Returns the process exit status: 0 only when the answer completed.
  int finish(const TurnResult& result, bool show_usage);

 private:
  void end_reasoning();

  std::FILE* out_;
  std::FILE* err_;
  bool show_reasoning_;
  bool err_is_terminal_;
  bool out_is_terminal_;
  bool in_reasoning_ = false;
  char last_answer_char_ = '\n';
  bool printed_answer_ = false;
};

/// "usage: 12 input, 345 output (40 reasoning) tokens".
std::string describe_usage(const Usage& usage);

}  // namespace tinychat::cli
