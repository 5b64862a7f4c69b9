#pragma once

#include <QString>
#include <QTextBlockFormat>
#include <QTextCharFormat>
#include <QTextCursor>

#include "markdown_code_blocks.h"

namespace tinychat::gui {

/// Moves `cursor` to the end of its document and starts a block there with these formats; the
/// first block of an empty document is reused rather than left blank above the text.
void start_block_at_end(QTextCursor& cursor, const QTextBlockFormat& block,
                        const QTextCharFormat& chars);

/// How far a blockquote is indented per level; its bar is drawn in the indent.
inline constexpr int kQuoteIndent = 14;

/// Appends `markdown`, rendered by Qt's Markdown reader (md4c, GitHub dialect: headings, lists,
/// emphasis, code, links, tables), after the document's last block. Every rendered block keeps
/// its own format (tables get a thin border and padding, quotes an indent, paragraphs a little
/// space below): a plain QTextCursor::insertMarkdown merges the first one into the block at
/// the cursor, which loses a heading's level or a list item's list. With `headers`, code blocks
/// within it get a header with a Copy link (style_code_blocks).
void append_markdown(QTextCursor& cursor, const QString& markdown,
                     const CodeHeaders* headers = nullptr);

}  // namespace tinychat::gui
