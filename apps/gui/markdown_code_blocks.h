#pragma once

class QTextDocument;

namespace tinychat::gui {

/// Code blocks that Qt's Markdown reader rendered within a Markdown part (a fence indented under
/// a list item, code in a quote), shown as the window shows its own: on the code background, in
/// fixed pitch, lines without space between them, long lines wrapped.
///
/// Qt 6.4's reader also makes each line of a tight list item's code an item of its own, numbered,
/// and gives the items after it the code's block format (lines that never wrap): those lines
/// leave the list, indented under their item, and the items get a paragraph's format back.
/// Later versions of Qt render such code as a continuation of the item already.
void style_code_blocks(QTextDocument& rendered);

}  // namespace tinychat::gui
