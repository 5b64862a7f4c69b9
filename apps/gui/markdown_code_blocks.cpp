#include "markdown_code_blocks.h"

#include <QFontDatabase>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextList>
#include <vector>

#include "transcript_style.h"

namespace tinychat::gui {

namespace {

constexpr qreal kCodeMargin = 6;

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

}  // namespace

void style_code_blocks(QTextDocument& rendered) {
  // Which lines are code is decided before any is styled: styling changes what the test sees.
  std::vector<int> code_lines;  // block numbers, ascending
  for (QTextBlock block = rendered.begin(); block.isValid(); block = block.next()) {
    if (is_code_line(block)) {
      code_lines.push_back(block.blockNumber());
    } else if (block.blockFormat().hasProperty(QTextFormat::BlockCodeLanguage)) {
      take_back_code_format(block);
    }
  }
  for (std::size_t i = 0; i < code_lines.size(); ++i) {
    const int number = code_lines[i];
    const bool first = i == 0 || code_lines[i - 1] != number - 1;
    const bool last = i + 1 == code_lines.size() || code_lines[i + 1] != number + 1;
    style_code_line(rendered.findBlockByNumber(number), first, last);
  }
}

}  // namespace tinychat::gui
