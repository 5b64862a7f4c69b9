#include "markdown_code_blocks.h"

#include <QFontDatabase>
#include <QObject>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextList>
#include <vector>

#include "transcript_style.h"

namespace tinychat::gui {

namespace {

// Qt's reader marks every block of code with its language (empty when none was given) and
// writes its text in the fixed font as that font is. In Qt 6.4 the items after a tight item's
// code carry the mark too, but not all their text is in the fixed font; what is may be inline
// code (`x`), which the reader marks fixed-pitch, so it is told apart too unless the fixed font
// itself is marked so.
bool is_code_line(const QTextBlock& block) {
  if (!block.blockFormat().hasProperty(QTextFormat::BlockCodeLanguage)) return false;
  const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  for (auto it = block.begin(); !it.atEnd(); ++it) {
    const QTextCharFormat format = it.fragment().charFormat();
    if (!format.fontFamilies().toStringList().contains(fixed.family())) return false;
    if (format.fontFixedPitch() && !fixed.fixedPitch()) return false;
  }
  return true;
}

void take_back_code_format(const QTextBlock& block) {
  QTextBlockFormat format = block.blockFormat();
  format.clearProperty(QTextFormat::BlockCodeLanguage);
  format.clearProperty(QTextFormat::BlockCodeFence);
  format.setNonBreakableLines(false);
  QTextCursor(block).setBlockFormat(format);
}

// Lines of code touch each other; space above the first and below the last, as the window's
// own code blocks have.
void style_code_line(const QTextBlock& block, bool first, bool last) {
  // Out of the list, the line keeps the list's indent: it stays under its item's text.
  if (QTextList* list = block.textList()) list->remove(block);
  QTextBlockFormat format = block.blockFormat();
  format.setBackground(colors::code_background);
  format.setTopMargin(first ? kCodeMargin : 0);
  format.setBottomMargin(last ? kCodeMargin : 0);
  format.setNonBreakableLines(false);  // long lines wrap, as in the window's own code blocks
  QTextCursor cursor(block);
  cursor.setBlockFormat(format);
  cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
  QTextCharFormat code;
  code.setFontFixedPitch(true);
  code.setForeground(colors::text);  // readable on the code background, whatever the palette
  cursor.mergeCharFormat(code);
}

// A header above the code that starts at `first`: the block is split at its start, the code
// moving on into a block of the same format, and the emptied block becomes the header. It keeps
// the code's format (its indent, margins, quote level, background, and its mark as code, which
// spares it a paragraph's space below), with the space above that the code had.
void insert_code_header(const QTextBlock& first, std::size_t index, const TranscriptStyle& style) {
  const QTextBlockFormat code = first.blockFormat();
  QTextCursor cursor(first);
  cursor.insertBlock(code, first.charFormat());
  QTextBlockFormat below = code;
  below.setTopMargin(0);
  cursor.setBlockFormat(below);
  cursor.movePosition(QTextCursor::PreviousBlock);
  QTextBlockFormat header = code;
  header.setTopMargin(kCodeMargin);
  header.setBottomMargin(0);
  cursor.setBlockFormat(header);
  write_code_header(cursor, code.stringProperty(QTextFormat::BlockCodeLanguage), index, style);
}

}  // namespace

void write_code_header(QTextCursor& cursor, const QString& info_string, std::size_t index,
                       const TranscriptStyle& style) {
  const QString language = info_string.trimmed().section(QLatin1Char(' '), 0, 0);
  cursor.insertText((language.isEmpty() ? QObject::tr("code") : language) + QStringLiteral("   "),
                    style.code_language);
  QTextCharFormat copy = style.footer_link;
  copy.setAnchor(true);
  copy.setAnchorHref(QStringLiteral("tinychat:copy-code/%1").arg(index));
  cursor.insertText(QObject::tr("Copy"), copy);
}

void style_code_blocks(QTextDocument& rendered, const CodeHeaders* headers) {
  // Which lines are code is decided before any is styled: styling changes what the test sees.
  std::vector<int> code_lines;  // block numbers, ascending
  for (QTextBlock block = rendered.begin(); block.isValid(); block = block.next()) {
    if (is_code_line(block)) {
      code_lines.push_back(block.blockNumber());
    } else if (block.blockFormat().hasProperty(QTextFormat::BlockCodeLanguage)) {
      take_back_code_format(block);
    }
  }
  std::vector<int> first_lines;  // of each block of code, ascending
  for (std::size_t i = 0; i < code_lines.size(); ++i) {
    const int number = code_lines[i];
    const bool first = i == 0 || code_lines[i - 1] != number - 1;
    const bool last = i + 1 == code_lines.size() || code_lines[i + 1] != number + 1;
    const QTextBlock block = rendered.findBlockByNumber(number);
    style_code_line(block, first, last);
    if (!headers) continue;
    if (first) {
      first_lines.push_back(number);
      headers->code_blocks.emplace_back();
    } else {
      headers->code_blocks.back() += QLatin1Char('\n');
    }
    headers->code_blocks.back() += block.text();
  }
  if (!headers) return;
  // From the last, so that the blocks a header adds do not move the ones still to come.
  std::size_t index = headers->code_blocks.size();
  for (auto it = first_lines.rbegin(); it != first_lines.rend(); ++it) {
    insert_code_header(rendered.findBlockByNumber(*it), --index, headers->style);
  }
}

}  // namespace tinychat::gui
