#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "markdown_blocks.h"
#include "styled_text.h"

namespace tinychat::terminal_markdown {

/// A terminal's size in character cells.
struct TerminalSize {
  int columns = 80;
  int rows = 24;
};

/// Renders a Markdown answer on a terminal while it streams. The answer is split into blocks
/// that are final (MarkdownBlocks) and an unfinished tail: each final block is rendered once
/// and written once, never redrawn; the tail is drawn below them and redrawn in place (cursor up,
/// erase to the end of the screen) as it grows. Only the tail's rows are ever erased, and only
/// while all of them are on the screen: a tail taller than the screen shows its last rows, and
/// the whole block is written when it is final. Everything from the answer passes
/// terminal_safe first, so the only control sequences written are our own SGR and OSC 8.
class StreamingMarkdown {
 public:
  using Write = std::function<void(std::string_view)>;

  StreamingMarkdown(TerminalSize size, Write write);

  /// Adds a piece of the answer (any bytes; a UTF-8 sequence may be split across pieces) and
  /// writes the blocks it makes final. The tail is erased first when something is written.
  void append(std::string_view piece);
  /// Redraws the unfinished tail (nothing is written when it has not changed).
  void draw_tail();
  /// Erases the tail from the screen, so that something else can be written there (an error,
  /// the model's reasoning); the next draw_tail puts it back.
  void clear_tail();
  /// The answer is complete: the tail becomes final and is written; the cursor ends at the
  /// start of the line after the answer.
  void finish();
  /// The terminal's new size: applies to everything not yet written (SIGWINCH).
  void resize(TerminalSize size);

  /// Lines written as final: each exactly once.
  std::size_t final_lines_written() const { return final_lines_; }
  /// How many times the tail was drawn.
  std::size_t tail_draws() const { return tail_draws_; }
  /// Bytes of Markdown in the unfinished tail: what a redraw renders.
  std::size_t tail_size() const { return blocks_.tail_size(); }
  /// Whether anything of the answer was written.
  bool wrote_anything() const { return final_lines_ > 0 || tail_rows_ > 0; }

 private:
  void write_parts();
  void render_part(const MarkdownPart& part, std::vector<RenderedLine>& lines);
  void render_tail(std::vector<RenderedLine>& lines);
  int drawn_tail_rows() const;

  TerminalSize size_;
  Write write_;
  MarkdownBlocks blocks_;
  std::vector<MarkdownPart> parts_;  // reused
  std::string clean_;                // the piece made terminal_safe, reused
  std::string carry_;                // the start of a UTF-8 sequence the next piece ends
  std::string out_;                  // bytes for one write, reused
  bool wrote_block_ = false;         // a block was written: the next one follows a blank line
  std::vector<RenderedLine> tail_;   // the tail as drawn
  int tail_rows_ = 0;
  int tail_columns_ = 0;  // the width the tail was drawn for
  std::string tail_bytes_;
  std::size_t final_lines_ = 0;
  std::size_t tail_draws_ = 0;
};

}  // namespace tinychat::terminal_markdown
