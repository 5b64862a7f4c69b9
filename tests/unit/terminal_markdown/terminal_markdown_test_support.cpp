#include "terminal_markdown_test_support.h"

#include <fstream>
#include <sstream>

#include "terminal_markdown/display_width.h"
#include "terminal_markdown/markdown_renderer.h"

namespace tinychat::terminal_markdown {

std::string recorded_answer(const std::string& name) {
  std::ifstream file(std::string(TINYCHAT_TEST_DATA_DIR) + "/markdown/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<std::string> pieces_of(std::string_view text, std::size_t characters) {
  std::vector<std::string> pieces;
  std::string piece;
  std::size_t count = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto length = static_cast<std::size_t>(decode_utf8(text, at).length);
    piece.append(text.substr(at, length));
    at += length;
    if (++count == characters) {
      pieces.push_back(std::move(piece));
      piece.clear();
      count = 0;
    }
  }
  if (!piece.empty()) pieces.push_back(std::move(piece));
  return pieces;
}

StreamedScreen stream_into_terminal(const std::vector<std::string>& pieces, TerminalSize size) {
  testing::VirtualTerminal terminal(size.columns, size.rows);
  StreamedScreen result;
  StreamingMarkdown markdown(size, [&](std::string_view bytes) {
    terminal.write(bytes);
    result.bytes.append(bytes);
  });
  for (const std::string& piece : pieces) {
    markdown.append(piece);
    markdown.draw_tail();
  }
  markdown.finish();
  result.transcript = terminal.transcript();
  result.final_lines = markdown.final_lines_written();
  result.tail_draws = markdown.tail_draws();
  return result;
}

std::vector<std::string> plain_lines(const std::vector<RenderedLine>& lines) {
  std::vector<std::string> plain;
  for (const RenderedLine& line : lines) {
    testing::VirtualTerminal terminal(400, 4);
    terminal.write(line.bytes);
    plain.push_back(terminal.screen().front());
  }
  return plain;
}

std::vector<std::string> render_plain(std::string_view markdown, int columns) {
  std::vector<RenderedLine> lines;
  render_markdown(markdown, columns, lines);
  return plain_lines(lines);
}

}  // namespace tinychat::terminal_markdown
