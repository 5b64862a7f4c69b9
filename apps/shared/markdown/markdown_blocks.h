#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tinychat::markdown {

/// One part of a streamed Markdown answer that will not change any more.
struct MarkdownPart {
  enum class Kind {
    markdown,    ///< One or more whole blocks (paragraphs, lists, headings, tables...).
    code_start,  ///< A fenced code block opens; text is its info string ("cpp").
    code_line,   ///< One line of code, without its newline.
    code_end,    ///< The fenced code block closed.
  };
  Kind kind = Kind::markdown;
  std::string text;

  friend bool operator==(const MarkdownPart&, const MarkdownPart&) = default;
};

/// Whether `text` is only spaces, tabs and line ends (Markdown's blank; ASCII, as CommonMark's).
bool is_blank(std::string_view text);

/// Splits a Markdown answer (UTF-8) that arrives piece by piece into parts that are final and an
/// unfinished tail, the same way whatever the pieces, so that a renderer renders each final part
/// once and re-renders only the tail: streaming a long answer then costs time in proportion to
/// its length, not to its square. The terminal (StreamingMarkdown) and the window
/// (AnswerRenderer) both split with it.
///
/// A block is final once a blank line is followed by a line that cannot continue it (not
/// indented, not a list item); a heading is final at its newline; fenced code is final line by
/// line, because no later line can change a line of code. A fence indented under a list item is
/// the item's: it stays in the item's block, as md4c renders it within the list.
///
/// Parts and tail are cut only before or after ASCII bytes (newlines, spaces, fence characters),
/// never inside a UTF-8 sequence: they are whole UTF-8 text when the pieces together are.
class MarkdownBlocks {
 public:
  /// Adds the next piece of the answer; appends the parts it completes to `out`.
  void append(std::string_view piece, std::vector<MarkdownPart>& out);
  /// The answer is complete: whatever is left becomes final parts (an unclosed fence closes).
  void finish(std::vector<MarkdownPart>& out);

  /// Whether the tail is inside a fenced code block (it is then one partial line of code).
  bool in_code() const { return in_fence_; }
  /// What is not final yet: Markdown source, or a partial line of code when in_code().
  std::string tail() const { return in_fence_ ? partial_line_ : block_ + partial_line_; }
  /// The tail's length in bytes.
  std::size_t tail_size() const { return partial_line_.size() + (in_fence_ ? 0 : block_.size()); }
  /// Whether the tail is empty.
  bool tail_empty() const { return partial_line_.empty() && (in_fence_ || block_.empty()); }

 private:
  void take_line(std::string line, std::vector<MarkdownPart>& out);
  void commit_block(std::vector<MarkdownPart>& out);
  void follow_list_items(std::string_view line);
  bool belongs_to_list_item(std::string_view line) const;
  bool opens_fence(std::string_view line);
  bool closes_fence(std::string_view line) const;

  std::string partial_line_;     // text after the last newline
  std::string block_;            // complete lines of the blocks not yet final, each ending in '\n'
  bool saw_blank_line_ = false;  // the last complete line was blank
  // Where the content of the block's open list item begins (0: none): a fence indented at least
  // that deep is the item's.
  std::size_t item_column_ = 0;
  bool in_fence_ = false;
  char fence_char_ = 0;
  std::size_t fence_length_ = 0;
  std::size_t fence_indent_ = 0;
};

}  // namespace tinychat::markdown
