#include "markdown/markdown_blocks.h"

#include <algorithm>

namespace tinychat::markdown {

namespace {

std::size_t leading_spaces(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "- x", "* x", "+ x", "1. x", "1) x": a line that may continue a loose list.
bool starts_list_item(std::string_view line) {
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') &&
      (line[1] == ' ' || line[1] == '\t')) {
    return true;
  }
  std::size_t digits = 0;
  while (digits < line.size() && digits < 9 && is_digit(line[digits])) ++digits;
  return digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
         (line[digits + 1] == ' ' || line[digits + 1] == '\t');
}

// "---", "* * *", "___": a thematic break, which no list item can hold unless indented into it.
bool is_thematic_break(std::string_view line) {
  const char c = line.empty() ? 0 : line[0];
  if (c != '-' && c != '*' && c != '_') return false;
  std::size_t marks = 0;
  for (const char d : line) {
    if (d == c) {
      ++marks;
    } else if (d != ' ' && d != '\t') {
      return false;
    }
  }
  return marks >= 3;
}

// Where the content of a list item's first line begins ("- x": 2, "10.  x": 5), or 0 when the
// line does not start one. Five spaces or more after the marker begin indented code: the content
// then begins one space after the marker, as it does after a marker alone.
std::size_t list_content_column(std::string_view line) {
  const std::size_t indent = leading_spaces(line);
  if (indent > 3) return 0;
  line.remove_prefix(indent);
  if (!starts_list_item(line) || is_thematic_break(line)) return 0;
  std::size_t marker = 1;
  while (is_digit(line[marker - 1])) ++marker;  // the digits, then '.' or ')'
  std::size_t spaces = 0;
  while (marker + spaces < line.size() &&
         (line[marker + spaces] == ' ' || line[marker + spaces] == '\t'))
    ++spaces;
  if (spaces > 4 || marker + spaces == line.size()) spaces = 1;
  return indent + marker + spaces;
}

// Whether a line starting with `c` could still belong to the block before the blank line: an
// indented continuation, a list item ("- ", "1. "), or a line that becomes a part of its own
// anyway (heading, fence) once complete.
bool may_continue_block(char c) {
  return is_space(c) || is_digit(c) || c == '-' || c == '*' || c == '+' || c == '#' || c == '`' ||
         c == '~';
}

bool is_heading(std::string_view line) {
  std::size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  return hashes >= 1 && hashes <= 6 &&
         (hashes == line.size() || line[hashes] == ' ' || line[hashes] == '\t');
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

bool is_blank(std::string_view text) { return std::all_of(text.begin(), text.end(), is_space); }

void MarkdownBlocks::append(std::string_view piece, std::vector<MarkdownPart>& out) {
  for (;;) {
    const std::size_t newline = piece.find('\n');
    if (newline == std::string_view::npos) break;
    partial_line_.append(piece.substr(0, newline));
    std::string line = std::move(partial_line_);
    partial_line_.clear();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    take_line(std::move(line), out);
    piece.remove_prefix(newline + 1);
  }
  partial_line_.append(piece);
  // The first character of a line can already tell that it starts a new block: the blocks
  // before it are then final without waiting for the line's end.
  if (!in_fence_ && saw_blank_line_ && !partial_line_.empty() &&
      !may_continue_block(partial_line_[0])) {
    commit_block(out);
  }
}

void MarkdownBlocks::finish(std::vector<MarkdownPart>& out) {
  if (!partial_line_.empty()) {
    std::string line = std::move(partial_line_);
    partial_line_.clear();
    take_line(std::move(line), out);
  }
  if (in_fence_) {
    out.push_back({MarkdownPart::Kind::code_end, {}});
    in_fence_ = false;
  }
  commit_block(out);
}

void MarkdownBlocks::take_line(std::string line, std::vector<MarkdownPart>& out) {
  if (in_fence_) {
    if (closes_fence(line)) {
      out.push_back({MarkdownPart::Kind::code_end, {}});
      in_fence_ = false;
      return;
    }
    // Code lines lose up to the fence's own indentation, as CommonMark says.
    const std::size_t strip = std::min(fence_indent_, leading_spaces(line));
    out.push_back({MarkdownPart::Kind::code_line, line.substr(strip)});
    return;
  }
  // A fence indented under a list item belongs to the item: md4c renders it with the list, so
  // it stays in the list's block. Any other fence is a part of its own, passed on line by line.
  if (!belongs_to_list_item(line) && opens_fence(line)) {
    commit_block(out);
    out.push_back({MarkdownPart::Kind::code_start,
                   std::string(trimmed(trimmed(line).substr(fence_length_)))});
    in_fence_ = true;
    return;
  }
  if (is_blank(line)) {
    if (!block_.empty()) saw_blank_line_ = true;
    block_ += line;
    block_ += '\n';
    return;
  }
  if (is_heading(line)) {
    commit_block(out);
    out.push_back({MarkdownPart::Kind::markdown, line + '\n'});
    return;
  }
  const bool continues_block = line[0] == ' ' || line[0] == '\t' || starts_list_item(line);
  if (saw_blank_line_ && !continues_block) commit_block(out);
  follow_list_items(line);
  block_ += line;
  block_ += '\n';
  // Only a blank line right before a line can end the block there: the line after this one,
  // even unindented, may continue its paragraph (a lazy continuation line of a list item).
  saw_blank_line_ = false;
}

// A list item sets the column of its content, unless it is nested in the open item (whose
// content holds it). A quote or a thematic break not indented into the item closes the list:
// a fence after it is no item's. Other text continues the item's paragraph (a lazy
// continuation line), and the item stays open.
void MarkdownBlocks::follow_list_items(std::string_view line) {
  const std::size_t indent = leading_spaces(line);
  if (indent >= item_column_ && item_column_ > 0) return;
  const std::string_view text = line.substr(indent);
  if (text.starts_with('>') || is_thematic_break(text)) {
    item_column_ = 0;
  } else if (const std::size_t column = list_content_column(line); column > 0) {
    item_column_ = column;
  }
}

bool MarkdownBlocks::belongs_to_list_item(std::string_view line) const {
  return item_column_ > 0 && leading_spaces(line) >= item_column_;
}

void MarkdownBlocks::commit_block(std::vector<MarkdownPart>& out) {
  if (!is_blank(block_)) out.push_back({MarkdownPart::Kind::markdown, block_});
  block_.clear();
  saw_blank_line_ = false;
  item_column_ = 0;
}

bool MarkdownBlocks::opens_fence(std::string_view line) {
  const std::size_t indent = leading_spaces(line);
  if (indent > 3 || indent >= line.size()) return false;
  const char c = line[indent];
  if (c != '`' && c != '~') return false;
  std::size_t length = 0;
  while (indent + length < line.size() && line[indent + length] == c) ++length;
  if (length < 3) return false;
  // A backtick fence's info string may not hold a backtick (that is inline code instead).
  if (c == '`' && line.find('`', indent + length) != std::string_view::npos) return false;
  fence_char_ = c;
  fence_length_ = length;
  fence_indent_ = indent;
  return true;
}

bool MarkdownBlocks::closes_fence(std::string_view line) const {
  const std::size_t indent = leading_spaces(line);
  if (indent > 3) return false;
  std::size_t length = 0;
  while (indent + length < line.size() && line[indent + length] == fence_char_) ++length;
  return length >= fence_length_ && is_blank(line.substr(indent + length));
}

}  // namespace tinychat::markdown
