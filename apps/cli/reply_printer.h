#pragma once

#include <cstdio>
#include <span>
#include <string>

#include "checked_output.h"
#include "tinychat/chat_session.h"

namespace tinychat::cli {

/// Writes a streamed reply: answer text to standard output, as it arrives and nothing else;
/// reasoning (dimmed on a terminal) and the closing notes to standard error. On a terminal the
/// answer is cleaned of control sequences (terminal_safe); in a pipe or a file it stays the
/// exact bytes the model sent. Standard error is always cleaned.
class ReplyPrinter {
 public:
  ReplyPrinter(std::FILE* out, std::FILE* err, bool show_reasoning);

  /// For ChatSession::stream_response: one delivery's deltas, flushed together. After a
  /// failed write it writes nothing more (see output_failed).
  void print(std::span<const Delta> deltas);
  /// Whether the answer could not be written (a full disk, a closed reader): the caller stops
  /// the reply. Safe to ask from another thread.
  bool output_failed() const { return out_.failed(); }
  /// After the turn: ends the line on a terminal, then reports how it ended on standard error.
  /// Returns the process exit status: 0 only when the answer completed and all of it was
  /// written.
  int finish(const TurnResult& result, bool show_usage);

 private:
  void end_reasoning();
  void write_err(std::string_view text);

  CheckedOutput out_;
  std::FILE* err_;
  bool show_reasoning_;
  bool err_is_terminal_;
  bool in_reasoning_ = false;
  char last_answer_char_ = '\n';
  bool printed_answer_ = false;
  std::string scratch_;  // cleaned text, reused across reads
};

/// "usage: 12 input, 345 output (40 reasoning) tokens".
std::string describe_usage(const Usage& usage);

}  // namespace tinychat::cli
