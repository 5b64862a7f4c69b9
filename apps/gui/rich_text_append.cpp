#include "rich_text_append.h"

#include <QTextBlock>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextList>

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

void append_markdown(QTextCursor& cursor, const QString& markdown) {
  QTextDocument rendered;
  rendered.setUndoRedoEnabled(false);
  rendered.setMarkdown(markdown);
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
