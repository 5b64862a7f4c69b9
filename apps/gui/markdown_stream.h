#pragma once

#include <QString>
#include <QStringView>
#include <vector>

namespace tinychat::gui {

/// One part of a streamed Markdown answer that will not change any more.
struct MarkdownPart {
  enum class Kind {
    markdown,    ///< One or more whole blocks (paragraphs, lists, headings, tables...).
    code_start,  ///< A fenced code block opens; text is its info string ("cpp").
    code_line,   ///< One line of code, without its newline.
    code_end,    ///< The fenced code block closed.
  };
  Kind kind = Kind::markdown;
  QString text;

  friend bool operator==(const MarkdownPart&, const MarkdownPart&) = default;
};

/// Splits a Markdown answer that arrives piece by piece into parts that are final, so that the
/// transcript renders each of them once and re-renders only the unfinished tail: streaming a
/// long answer then costs time in proportion to its length, not to its length squared.
///
/// A block is final once a blank line is followed by a line that cannot continue it (not
/// indented, not a list item); a heading is final at its newline; fenced code is passed on line
/// by line, because its lines are literal text that no later line can change.
class MarkdownStream {
 public:
  /// Adds the next piece of the answer; appends the parts it completes to `out`.
  void append(QStringView piece, std::vector<MarkdownPart>& out);
  /// The answer is complete: whatever is left becomes final parts (an unclosed fence closes).
  void finish(std::vector<MarkdownPart>& out);

  /// Whether the tail is inside a fenced code block (it is then one partial line of code).
  bool in_code() const { return in_fence_; }
  /// What is not final yet: Markdown source, or a partial line of code when in_code().
  QString tail() const { return in_fence_ ? partial_line_ : block_ + partial_line_; }

 private:
  void take_line(QString line, std::vector<MarkdownPart>& out);
  void commit_block(std::vector<MarkdownPart>& out);
  bool opens_fence(const QString& line);
  bool closes_fence(const QString& line) const;

  QString partial_line_;  // text after the last newline
  QString block_;         // complete lines of the blocks not yet final, each ending in '\n'
  bool saw_blank_line_ = false;
  bool in_fence_ = false;
  QChar fence_char_;
  int fence_length_ = 0;
  int fence_indent_ = 0;
};

}  // namespace tinychat::gui
