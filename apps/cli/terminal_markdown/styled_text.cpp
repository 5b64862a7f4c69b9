#include "styled_text.h"

#include <algorithm>

#include "display_width.h"

namespace tinychat::terminal_markdown {

namespace {

bool is_break_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n'; }

// Appends bytes of `width` columns to the last piece when it has the same style.
// Extends the last piece when it has the same style and the bytes follow it in memory.
void append_to(std::vector<Piece>& pieces, std::string_view bytes, int width, const Style& style) {
  if (!pieces.empty() && pieces.back().style == style &&
      pieces.back().text.data() + pieces.back().text.size() == bytes.data()) {
    Piece& last = pieces.back();
    last.text = std::string_view(last.text.data(), last.text.size() + bytes.size());
    last.width += width;
    return;
  }
  pieces.push_back({bytes, style, width});
}

class Wrapper {
 public:
  explicit Wrapper(int width) : width_(width < 1 ? 1 : width) { lines_.emplace_back(); }

  // `bytes`: the space itself where it is a ' ' of the run (so that a line's words and spaces
  // stay one piece), else " ".
  void add_space(const Style& style, std::string_view bytes) {
    flush_word();
    pending_space_ = true;
    space_style_ = style;
    space_ = bytes;
  }
  // Characters of a word (no spaces), `width` columns in all.
  void add_chars(std::string_view bytes, int width, const Style& style) {
    append_to(word_, bytes, width, style);
    word_width_ += width;
  }
  void hard_break() {
    flush_word();
    lines_.emplace_back();
    pending_space_ = false;
  }
  std::vector<WrappedLine> take() {
    flush_word();
    if (lines_.size() > 1 && lines_.back().pieces.empty()) lines_.pop_back();
    return std::move(lines_);
  }

 private:
  void put(std::string_view bytes, int width, const Style& style) {
    append_to(lines_.back().pieces, bytes, width, style);
    lines_.back().width += width;
  }
  void flush_word() {
    if (word_.empty()) return;
    const int column = lines_.back().width;
    const bool space = pending_space_ && column > 0;
    if (column + (space ? 1 : 0) + word_width_ <= width_) {
      if (space) put(space_, 1, space_style_);
      for (const Piece& piece : word_) put(piece.text, piece.width, piece.style);
    } else if (word_width_ <= width_) {
      lines_.emplace_back();
      for (const Piece& piece : word_) put(piece.text, piece.width, piece.style);
    } else {
      // Longer than a line: cut between characters, starting on this line if there is room.
      if (space && column + 2 <= width_) {
        put(space_, 1, space_style_);
      } else if (column > 0) {
        lines_.emplace_back();
      }
      for (const Piece& piece : word_) {
        for (std::size_t at = 0; at < piece.text.size();) {
          const CodePoint point = decode_utf8(piece.text, at);
          const int w = char_width(point.value);
          if (lines_.back().width + w > width_ && lines_.back().width > 0) lines_.emplace_back();
          put(piece.text.substr(at, static_cast<std::size_t>(point.length)), w, piece.style);
          at += static_cast<std::size_t>(point.length);
        }
      }
    }
    word_.clear();
    word_width_ = 0;
    pending_space_ = false;
  }

  int width_;
  std::vector<WrappedLine> lines_;
  std::vector<Piece> word_;
  int word_width_ = 0;
  bool pending_space_ = false;
  Style space_style_;
  std::string_view space_ = " ";
};

}  // namespace

std::vector<WrappedLine> wrap_runs(const std::vector<Run>& runs, int width) {
  Wrapper wrapper(width);
  for (const Run& run : runs) {
    if (run.hard_break) {
      wrapper.hard_break();
      continue;
    }
    // Each stretch of characters between spaces goes to the word in one piece.
    const std::string_view text = run.text;
    std::size_t start = 0;
    int stretch_width = 0;
    for (std::size_t at = 0; at < text.size();) {
      const CodePoint point = decode_utf8(text, at);
      if (is_break_space(point.value)) {
        if (at > start) wrapper.add_chars(text.substr(start, at - start), stretch_width, run.style);
        wrapper.add_space(run.style, point.value == ' ' ? text.substr(at, 1) : " ");
        stretch_width = 0;
        start = at + static_cast<std::size_t>(point.length);
      } else {
        stretch_width += char_width(point.value);
      }
      at += static_cast<std::size_t>(point.length);
    }
    if (text.size() > start) wrapper.add_chars(text.substr(start), stretch_width, run.style);
  }
  return wrapper.take();
}

RunWidths measure_runs(const std::vector<Run>& runs) {
  RunWidths widths;
  int line = 0;
  int word = 0;
  for (const Run& run : runs) {
    if (run.hard_break) {
      widths.natural = std::max(widths.natural, line);
      line = 0;
      word = 0;
      continue;
    }
    for (std::size_t at = 0; at < run.text.size();) {
      const CodePoint point = decode_utf8(run.text, at);
      if (is_break_space(point.value)) {
        word = 0;
        line += 1;
      } else {
        const int w = char_width(point.value);
        word += w;
        line += w;
        widths.widest_word = std::max(widths.widest_word, word);
      }
      at += static_cast<std::size_t>(point.length);
    }
  }
  widths.natural = std::max(widths.natural, line);
  return widths;
}

LineBuilder::LineBuilder(int columns) : columns_(columns < 1 ? 1 : columns) {}

void LineBuilder::switch_style(const Style& style) {
  if (style == current_) return;
  if (current_.url != style.url) {
    if (!current_.url.empty()) bytes_.append("\x1b]8;;\x1b\\");
    if (!style.url.empty()) bytes_.append("\x1b]8;;").append(style.url).append("\x1b\\");
  }
  if (current_.flags != style.flags) {
    if (current_.flags != 0) bytes_.append("\x1b[0m");
    if (style.flags != 0) {
      std::string sgr = "\x1b[";
      auto add = [&sgr](const char* code) {
        if (sgr.size() > 2) sgr += ';';
        sgr += code;
      };
      if (style.flags & (Style::bold | Style::heading)) add("1");
      if (style.flags & Style::dim) add("2");
      if (style.flags & Style::italic) add("3");
      if (style.flags & (Style::underline | Style::link)) add("4");
      if (style.flags & Style::strike) add("9");
      if (style.flags & Style::code) add("36");
      if (style.flags & Style::heading) add("35");
      if (style.flags & Style::link) add("34");
      sgr += 'm';
      bytes_.append(sgr);
    }
  }
  current_ = style;
}

void LineBuilder::add(std::string_view text, const Style& style, int width) {
  switch_style(style);
  bytes_.append(text);
  // Known to fit on the current row: no need to follow it character by character.
  if (width >= 0 && row_column_ + width <= columns_) {
    width_ += width;
    row_column_ += width;
    return;
  }
  for (std::size_t at = 0; at < text.size();) {
    const CodePoint point = decode_utf8(text, at);
    const int w = char_width(point.value);
    width_ += w;
    if (w > 0) {
      if (row_column_ + w > columns_) {
        ++rows_;
        row_column_ = 0;
      }
      row_column_ += w;
    }
    at += static_cast<std::size_t>(point.length);
  }
}

void LineBuilder::add(const WrappedLine& line, std::uint16_t extra_flags) {
  for (const Piece& piece : line.pieces) {
    Style style = piece.style;
    style.flags |= extra_flags;
    add(piece.text, style, piece.width);
  }
}

int LineBuilder::width() const { return width_; }

RenderedLine LineBuilder::take() {
  switch_style({});
  RenderedLine line{std::move(bytes_), rows_, width_};
  bytes_.clear();
  width_ = 0;
  rows_ = 1;
  row_column_ = 0;
  return line;
}

std::string_view hyperlink_target(std::string_view url) {
  const bool web = url.starts_with("https://") || url.starts_with("http://");
  if (!web || url.size() > 2048) return {};
  const bool printable =
      std::all_of(url.begin(), url.end(), [](char c) { return c > 0x20 && c < 0x7F; });
  return printable ? url : std::string_view();
}

}  // namespace tinychat::terminal_markdown
