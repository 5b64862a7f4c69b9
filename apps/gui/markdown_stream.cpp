#include "markdown_stream.h"

namespace tinychat::gui {

namespace {

int leading_spaces(const QString& line) {
  int n = 0;
  while (n < line.size() && line[n] == u' ') ++n;
  return n;
}

bool is_blank(const QString& line) { return line.trimmed().isEmpty(); }

// "- x", "* x", "+ x", "1. x", "1) x": a line that may continue a loose list.
bool starts_list_item(const QString& line) {
  if (line.size() >= 2 && (line[0] == u'-' || line[0] == u'*' || line[0] == u'+') &&
      (line[1] == u' ' || line[1] == u'\t')) {
    return true;
  }
  int digits = 0;
  while (digits < line.size() && digits < 9 && line[digits].isDigit()) ++digits;
  return digits > 0 && digits + 1 < line.size() && (line[digits] == u'.' || line[digits] == u')') &&
         (line[digits + 1] == u' ' || line[digits + 1] == u'\t');
}

// Whether a line starting with `c` could still belong to the block before the blank line: an
// indented continuation, a list item ("- ", "1. "), or a line that becomes a part of its own
// anyway (heading, fence) once complete.
bool may_continue_block(QChar c) {
  return c.isSpace() || c.isDigit() || c == u'-' || c == u'*' || c == u'+' || c == u'#' ||
         c == u'`' || c == u'~';
}

bool is_heading(const QString& line) {
  int hashes = 0;
  while (hashes < line.size() && line[hashes] == u'#') ++hashes;
  return hashes >= 1 && hashes <= 6 &&
         (hashes == line.size() || line[hashes] == u' ' || line[hashes] == u'\t');
}

}  // namespace

void MarkdownStream::append(QStringView piece, std::vector<MarkdownPart>& out) {
  qsizetype start = 0;
  while (true) {
    const qsizetype newline = piece.indexOf(u'\n', start);
    if (newline < 0) break;
    partial_line_ += piece.mid(start, newline - start);
    QString line = std::move(partial_line_);
    partial_line_.clear();
    if (line.endsWith(u'\r')) line.chop(1);
    take_line(std::move(line), out);
    start = newline + 1;
  }
  partial_line_ += piece.mid(start);
  // The first character of a line can already tell that it starts a new block: the blocks
  // before it are then final without waiting for the line's end.
  if (saw_blank_line_ && !partial_line_.isEmpty() && !may_continue_block(partial_line_[0]))
    commit_block(out);
}

void MarkdownStream::finish(std::vector<MarkdownPart>& out) {
  if (!partial_line_.isEmpty()) {
    QString line = std::move(partial_line_);
    partial_line_.clear();
    take_line(std::move(line), out);
  }
  if (in_fence_) {
    out.push_back({MarkdownPart::Kind::code_end, {}});
    in_fence_ = false;
  }
  commit_block(out);
}

void MarkdownStream::take_line(QString line, std::vector<MarkdownPart>& out) {
  if (in_fence_) {
    if (closes_fence(line)) {
      out.push_back({MarkdownPart::Kind::code_end, {}});
      in_fence_ = false;
      return;
    }
    // Code lines lose up to the fence's own indentation, as CommonMark says.
    const int strip = std::min(fence_indent_, leading_spaces(line));
    out.push_back({MarkdownPart::Kind::code_line, line.mid(strip)});
    return;
  }
  if (opens_fence(line)) {
    commit_block(out);
    const QString info = line.trimmed().mid(fence_length_).trimmed();
    out.push_back({MarkdownPart::Kind::code_start, info});
    in_fence_ = true;
    return;
  }
  if (is_blank(line)) {
    if (!block_.isEmpty()) saw_blank_line_ = true;
    block_ += line;
    block_ += u'\n';
    return;
  }
  if (is_heading(line)) {
    commit_block(out);
    out.push_back({MarkdownPart::Kind::markdown, line + u'\n'});
    return;
  }
  const bool continues_block = line[0] == u' ' || line[0] == u'\t' || starts_list_item(line);
  if (saw_blank_line_ && !continues_block) commit_block(out);
  block_ += line;
  block_ += u'\n';
}

void MarkdownStream::commit_block(std::vector<MarkdownPart>& out) {
  if (!is_blank(block_)) out.push_back({MarkdownPart::Kind::markdown, block_});
  block_.clear();
  saw_blank_line_ = false;
}

bool MarkdownStream::opens_fence(const QString& line) {
  const int indent = leading_spaces(line);
  if (indent > 3 || indent >= line.size()) return false;
  const QChar c = line[indent];
  if (c != u'`' && c != u'~') return false;
  int length = 0;
  while (indent + length < line.size() && line[indent + length] == c) ++length;
  if (length < 3) return false;
  // A backtick fence's info string may not hold a backtick (that is inline code instead).
  if (c == u'`' && line.indexOf(u'`', indent + length) >= 0) return false;
  fence_char_ = c;
  fence_length_ = length;
  fence_indent_ = indent;
  return true;
}

bool MarkdownStream::closes_fence(const QString& line) const {
  const int indent = leading_spaces(line);
  if (indent > 3) return false;
  int length = 0;
  while (indent + length < line.size() && line[indent + length] == fence_char_) ++length;
  return length >= fence_length_ && line.mid(indent + length).trimmed().isEmpty();
}

}  // namespace tinychat::gui
