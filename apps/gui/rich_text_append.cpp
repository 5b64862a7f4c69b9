#include "rich_text_append.h"

#include <QTextBlock>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>

#include "markdown_code_blocks.h"
#include "transcript_style.h"

namespace tinychat::gui {

void start_block_at_end(QTextCursor& cursor, const QTextBlockFormat& block,
                        const QTextCharFormat& chars) {
  cursor.movePosition(QTextCursor::End);
  if (cursor.document()->isEmpty()) {
    cursor.setBlockFormat(block);
    cursor.setBlockCharFormat(chars);
    cursor.setCharFormat(chars);
  } else {
    cursor.insertBlock(block, chars);
  }
}

namespace {

// Tables with one thin border and room around the text; blockquotes dimmed and indented (the
// view draws their bar); code as the window's own; a little space under every paragraph.
void style_blocks(QTextDocument& rendered, const CodeHeaders* headers) {
  style_code_blocks(rendered, headers);
  for (QTextFrame* frame : rendered.rootFrame()->childFrames()) {
    auto* table = qobject_cast<QTextTable*>(frame);
    if (!table) continue;
    QTextTableFormat format = table->format();
    format.setBorder(1);
    format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    format.setBorderBrush(colors::dim);
    format.setBorderCollapse(true);
    format.setCellSpacing(0);
    format.setCellPadding(5);
    format.setTopMargin(6);
    format.setBottomMargin(6);
    table->setFormat(format);
  }
  for (QTextBlock block = rendered.begin(); block.isValid(); block = block.next()) {
    QTextBlockFormat format = block.blockFormat();
    bool changed = false;
    if (format.intProperty(QTextFormat::BlockQuoteLevel) > 0) {
      format.setLeftMargin(kQuoteIndent * format.intProperty(QTextFormat::BlockQuoteLevel));
      format.setRightMargin(0);
      changed = true;
    }
    const bool code = format.hasProperty(QTextFormat::BlockCodeLanguage);
    if (!code && !block.textList() && !QTextCursor(block).currentTable() &&
        format.bottomMargin() < 6) {
      format.setBottomMargin(6);
      changed = true;
    }
    if (changed) QTextCursor(block).setBlockFormat(format);
  }
}

}  // namespace

void append_markdown(QTextCursor& cursor, const QString& markdown, const CodeHeaders* headers) {
  QTextDocument rendered;
  rendered.setUndoRedoEnabled(false);
  rendered.setMarkdown(markdown);
  style_blocks(rendered, headers);
  // Give the rendered text an empty first block to be merged away: insertBlock moves the text
  // into a new block with the format we pass, its own.
  const QTextBlock first = rendered.begin();
  QTextCursor head(&rendered);
  head.insertBlock(first.blockFormat(), first.charFormat());
  head.movePosition(QTextCursor::Start);
  head.setBlockFormat(QTextBlockFormat());
  if (QTextList* list = head.currentList()) list->remove(head.block());

  cursor.movePosition(QTextCursor::End);
  cursor.insertFragment(QTextDocumentFragment(&rendered));
}

}  // namespace tinychat::gui
