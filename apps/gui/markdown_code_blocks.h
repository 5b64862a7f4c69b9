#pragma once

#include <QString>
#include <cstddef>
#include <vector>

class QTextCursor;
class QTextDocument;

namespace tinychat::gui {

struct TranscriptStyle;

/// Space above a code block (its header's) and below its last line, as paragraphs have.
inline constexpr double kCodeMargin = 6;

/// What code blocks need for their headers: how a header looks, and the list of code its Copy
/// links index into.
struct CodeHeaders {
  const TranscriptStyle& style;
  std::vector<QString>& code_blocks;
};

/// Writes a code block's header at `cursor`, in a block of its own that is still empty: the
/// language (the info string's first word; "code" when there is none), then a Copy link for
/// code_blocks[index] ("tinychat:copy-code/N").
void write_code_header(QTextCursor& cursor, const QString& info_string, std::size_t index,
                       const TranscriptStyle& style);

/// Code blocks that Qt's Markdown reader rendered within a Markdown part (a fence indented under
/// a list item, code in a quote), shown as the window shows its own: on the code background, in
/// fixed pitch, lines without space between them, long lines wrapped. With `headers`, each gets
/// a header with its language and a Copy link above its first line, at its indent, and its code
/// (the lines joined by newlines) is appended to headers->code_blocks.
///
/// Qt 6.4's reader also makes each line of a tight list item's code an item of its own, numbered,
/// and gives the items after it the code's block format (lines that never wrap): those lines
/// leave the list, indented under their item, and the items get a paragraph's format back.
/// Later versions of Qt render such code as a continuation of the item already.
void style_code_blocks(QTextDocument& rendered, const CodeHeaders* headers);

}  // namespace tinychat::gui
