#include "streaming_markdown.h"

#include <algorithm>

#include "markdown_renderer.h"
#include "tinychat/terminal_text.h"

namespace tinychat::terminal_markdown {

namespace {

// How many bytes at the end of `text` start a UTF-8 sequence that is not complete yet.
std::size_t incomplete_utf8_suffix(std::string_view text) {
  for (std::size_t back = 1; back <= 3 && back <= text.size(); ++back) {
    const auto byte = static_cast<unsigned char>(text[text.size() - back]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    std::size_t length = 1;
    if ((byte & 0xE0) == 0xC0) length = 2;
    if ((byte & 0xF0) == 0xE0) length = 3;
    if ((byte & 0xF8) == 0xF0) length = 4;
    return length > back ? back : 0;
  }
  return 0;
}

void append_lines(std::string& out, const std::vector<RenderedLine>& lines) {
  for (const RenderedLine& line : lines) {
    out.append(line.bytes);
    out.push_back('\n');
  }
}

}  // namespace

StreamingMarkdown::StreamingMarkdown(TerminalSize size, Write write)
    : size_(size), write_(std::move(write)) {
  size_.columns = std::max(size_.columns, 1);
  size_.rows = std::max(size_.rows, 2);
}

void StreamingMarkdown::append(std::string_view piece) {
  carry_.append(piece);
  const std::size_t keep = incomplete_utf8_suffix(carry_);
  clean_.clear();
  append_terminal_safe(clean_, std::string_view(carry_).substr(0, carry_.size() - keep));
  carry_.erase(0, carry_.size() - keep);
  parts_.clear();
  blocks_.append(clean_, parts_);
  write_parts();
}

void StreamingMarkdown::finish() {
  if (!carry_.empty()) {
    clean_ = terminal_safe(carry_);  // an incomplete sequence at the very end: U+FFFD
    carry_.clear();
    parts_.clear();
    blocks_.append(clean_, parts_);
    write_parts();
  }
  parts_.clear();
  blocks_.finish(parts_);
  write_parts();
  clear_tail();
}

void StreamingMarkdown::render_part(const MarkdownPart& part, std::vector<RenderedLine>& lines) {
  switch (part.kind) {
    case MarkdownPart::Kind::markdown:
      if (wrote_block_) lines.push_back({});
      render_markdown(part.text, size_.columns, lines);
      wrote_block_ = true;
      break;
    case MarkdownPart::Kind::code_start:
      if (wrote_block_) lines.push_back({});
      render_code_start(part.text, size_.columns, lines);
      wrote_block_ = true;
      break;
    case MarkdownPart::Kind::code_line:
      render_code_line(part.text, size_.columns, lines);
      break;
    case MarkdownPart::Kind::code_end:
      break;
  }
}

void StreamingMarkdown::write_parts() {
  if (parts_.empty()) return;
  std::vector<RenderedLine> lines;
  for (const MarkdownPart& part : parts_) render_part(part, lines);
  if (lines.empty()) return;
  clear_tail();
  out_.clear();
  append_lines(out_, lines);
  final_lines_ += lines.size();
  write_(out_);
}

void StreamingMarkdown::render_tail(std::vector<RenderedLine>& lines) {
  if (blocks_.tail_empty()) return;
  const std::string tail = blocks_.tail();
  if (blocks_.in_code()) {
    render_code_line(tail, size_.columns, lines);
    return;
  }
  if (tail.find_first_not_of(" \t\n") == std::string::npos) return;
  if (wrote_block_) lines.push_back({});
  render_markdown(tail, size_.columns, lines);
}

void StreamingMarkdown::draw_tail() {
  std::vector<RenderedLine> lines;
  render_tail(lines);
  // Only what fits on the screen can be erased again: a taller tail shows its last rows.
  const int most = size_.rows - 1;
  int rows = 0;
  std::size_t first = lines.size();
  while (first > 0 && rows + lines[first - 1].rows <= most) rows += lines[--first].rows;
  std::string bytes;
  for (std::size_t i = first; i < lines.size(); ++i) {
    bytes.append(lines[i].bytes);
    bytes.push_back('\n');
  }
  if (bytes == tail_bytes_ && tail_columns_ == size_.columns) return;
  clear_tail();
  if (bytes.empty()) return;
  tail_.assign(lines.begin() + static_cast<std::ptrdiff_t>(first), lines.end());
  tail_rows_ = rows;
  tail_columns_ = size_.columns;
  tail_bytes_ = std::move(bytes);
  ++tail_draws_;
  write_(tail_bytes_);
}

int StreamingMarkdown::drawn_tail_rows() const {
  if (tail_columns_ == size_.columns) return tail_rows_;
  // After a resize, terminals that reflow their lines (most do) give each line the rows its
  // width takes at the new width.
  int rows = 0;
  for (const RenderedLine& line : tail_) {
    rows += std::max(1, (line.width + size_.columns - 1) / size_.columns);
  }
  return std::min(rows, size_.rows - 1);
}

void StreamingMarkdown::clear_tail() {
  if (tail_rows_ > 0) {
    out_.clear();
    out_.append("\r\x1b[").append(std::to_string(drawn_tail_rows())).append("A\x1b[J");
    write_(out_);
  }
  tail_.clear();
  tail_rows_ = 0;
  tail_bytes_.clear();
}

void StreamingMarkdown::resize(TerminalSize size) {
  size_.columns = std::max(size.columns, 1);
  size_.rows = std::max(size.rows, 2);
}

}  // namespace tinychat::terminal_markdown
