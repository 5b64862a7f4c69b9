#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tinychat::terminal_markdown {

/// How a piece of text looks: SGR attributes, and the link it belongs to.
struct Style {
  enum Flag : std::uint16_t {
    bold = 1,
    dim = 2,
    italic = 4,
    underline = 8,
    strike = 16,
    code = 32,     ///< Inline code.
    heading = 64,  ///< A heading's text (a colour of its own).
    link = 128,    ///< A link's text.
  };
  std::uint16_t flags = 0;
  /// The http(s) URL of an OSC 8 hyperlink; empty for none. Only printable ASCII (see
  /// hyperlink_target), so it cannot end the escape sequence early.
  std::string_view url;

  friend bool operator==(const Style& a, const Style& b) {
    return a.flags == b.flags && a.url == b.url;
  }
};

/// Text of one style; text holds no control characters (terminal_safe ran on the answer). A view
/// into the runs (or prefixes) it was cut from, which must outlive it.
struct Piece {
  std::string_view text;
  Style style;
  int width = -1;  ///< Columns, when known (wrap_runs sets it).
};

/// One line of a wrapped paragraph or cell, and its width in columns.
struct WrappedLine {
  std::vector<Piece> pieces;
  int width = 0;
};

/// A run of inline text, or a hard line break.
struct Run {
  std::string text;
  Style style;
  bool hard_break = false;
};

/// Wraps inline text to `width` columns at spaces (a word wider than a line is cut between
/// characters, by display width): greedy, so a finished paragraph always wraps the same way.
/// The lines' pieces view the runs' text: use them while `runs` lives.
std::vector<WrappedLine> wrap_runs(const std::vector<Run>& runs, int width);

/// Width of the runs unwrapped (the widest line between hard breaks), and of their widest word.
struct RunWidths {
  int natural = 0;
  int widest_word = 0;
};
RunWidths measure_runs(const std::vector<Run>& runs);

/// One line ready for the terminal: its bytes (text and our own SGR and OSC 8 sequences, every
/// style closed at its end) and how many rows it takes on the terminal it was made for.
struct RenderedLine {
  std::string bytes;
  int rows = 1;
  int width = 0;  ///< Display width (for counting rows again after a resize).
};

/// Builds one RenderedLine from styled pieces, counting the rows it takes `columns` wide.
class LineBuilder {
 public:
  explicit LineBuilder(int columns);
  /// `width`: the text's columns when known (-1: measured here).
  void add(std::string_view text, const Style& style, int width = -1);
  void add(const WrappedLine& line, std::uint16_t extra_flags = 0);
  /// Raw bytes that take no columns (an SGR sequence of our own).
  void add_control(std::string_view bytes) { bytes_.append(bytes); }
  int width() const;
  RenderedLine take();

 private:
  void switch_style(const Style& style);

  int columns_;
  std::string bytes_;
  Style current_;
  int width_ = 0;
  int rows_ = 1;
  int row_column_ = 0;
};

/// The URL as an OSC 8 target when it is http or https and printable ASCII; empty otherwise.
std::string_view hyperlink_target(std::string_view url);

}  // namespace tinychat::terminal_markdown
