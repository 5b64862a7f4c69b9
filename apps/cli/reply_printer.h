#pragma once

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "checked_output.h"
#include "terminal_markdown/streaming_markdown.h"
#include "tinychat/chat_session.h"
#include "tinychat/pricing.h"

namespace tinychat::cli {

/// Writes a streamed reply: answer text to standard output, as it arrives and nothing else;
/// reasoning (dimmed on a terminal) and the closing notes to standard error. On a terminal the
/// answer is cleaned of control sequences (terminal_safe); in a pipe or a file it stays the
/// exact bytes the model sent. Standard error is always cleaned. With `render_markdown` (see
/// markdown_wanted) the answer is rendered as Markdown as it streams (StreamingMarkdown), the
/// terminal's size followed through SIGWINCH.
class ReplyPrinter {
 public:
  ReplyPrinter(std::FILE* out, std::FILE* err, bool show_reasoning, bool render_markdown = false);
  ~ReplyPrinter();
  ReplyPrinter(const ReplyPrinter&) = delete;
  ReplyPrinter& operator=(const ReplyPrinter&) = delete;

  /// For ChatSession::stream_response: one delivery's deltas, flushed together. After a
  /// failed write it writes nothing more (see output_failed).
  void print(std::span<const Delta> deltas);
  /// Whether the answer could not be written (a full disk, a closed reader): the caller stops
  /// the reply. Safe to ask from another thread.
  bool output_failed() const { return out_.failed(); }
  /// The answer's price, for the cost on the usage line (none: no cost is shown).
  void set_price(const ModelPrice* price) {
    price_ = price != nullptr ? std::optional(*price) : std::nullopt;
  }
  /// From the thread that waits for the reply, every few tens of milliseconds: draws the
  /// rendered answer's unfinished tail if print() left it for later (it redraws at most once
  /// a frame, so that a fast stream does not pay for a redraw per read).
  void refresh();
  /// After the turn: ends the line on a terminal, then reports how it ended on standard error.
  /// Returns the process exit status: 0 only when the answer completed and all of it was
  /// written.
  int finish(const TurnResult& result, bool show_usage);

 private:
  void end_reasoning();
  void write_err(std::string_view text);
  void follow_resize();
  void draw_tail();  // at most once a frame; otherwise the tail is left stale for refresh()
  void write_rendered();

  std::mutex mutex_;  // print (HTTP thread), refresh and finish (the waiting thread)
  std::unique_ptr<terminal_markdown::StreamingMarkdown> markdown_;
  std::string rendered_;  // what the renderer wrote, not yet handed to out_
  bool tail_stale_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
  struct sigaction previous_winch_ {};
  std::optional<ModelPrice> price_;

  CheckedOutput out_;
  std::FILE* out_file_;
  std::FILE* err_;
  bool show_reasoning_;
  bool err_is_terminal_;
  bool in_reasoning_ = false;
  char last_answer_char_ = '\n';
  bool printed_answer_ = false;
  std::string scratch_;  // cleaned text, reused across reads
};

/// Whether answers are rendered as Markdown: standard output is a terminal, and neither --raw,
/// NO_COLOR (set and not empty) nor TERM=dumb says otherwise.
bool markdown_wanted(std::FILE* out, bool raw);

}  // namespace tinychat::cli
