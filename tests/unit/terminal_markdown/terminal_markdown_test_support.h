#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "support/terminal/virtual_terminal.h"
#include "terminal_markdown/streaming_markdown.h"

namespace tinychat::terminal_markdown {

/// A recorded Markdown answer from tests/data/markdown/.
std::string recorded_answer(const std::string& name);

/// `text` cut into pieces of `characters` code points each (the last may be shorter).
std::vector<std::string> pieces_of(std::string_view text, std::size_t characters);

/// Streams `pieces` into a virtual terminal through StreamingMarkdown, drawing the tail after
/// every piece as the CLI does after every network read, then finishes.
struct StreamedScreen {
  std::vector<std::string> transcript;
  std::size_t final_lines = 0;
  std::size_t tail_draws = 0;
  std::string bytes;  ///< Everything written.
};
StreamedScreen stream_into_terminal(const std::vector<std::string>& pieces, TerminalSize size);

/// The lines of rendering the whole answer at once, as plain text (styles removed).
std::vector<std::string> plain_lines(const std::vector<RenderedLine>& lines);
/// The lines of `markdown` rendered `columns` wide, as the terminal shows them.
std::vector<std::string> render_plain(std::string_view markdown, int columns);

}  // namespace tinychat::terminal_markdown
