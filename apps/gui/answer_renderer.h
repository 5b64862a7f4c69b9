#pragma once

#include <QString>
#include <QTextCursor>
#include <string>
#include <vector>

#include "markdown/markdown_blocks.h"
#include "transcript_style.h"

class QTextDocument;

namespace tinychat::gui {

/// Renders one streaming answer at the end of a document. Final parts are inserted once; only
/// the unfinished tail (usually one paragraph) is replaced on each render, so the document lays
/// out just the blocks that changed. The splitter (MarkdownBlocks, shared with the terminal)
/// reads UTF-8: what is rendered is converted on its way in, and its parts on their way out.
class AnswerRenderer {
 public:
  /// The answer begins at the document's current end. Each fenced code block gets a header
  /// with its language and a Copy link ("tinychat:copy-code/N"); its code is appended to
  /// `code_blocks` (N is its index there).
  AnswerRenderer(QTextDocument* document, const TranscriptStyle& style,
                 std::vector<QString>& code_blocks);

  /// Queues a piece of the answer; nothing is rendered until render().
  void append(const QString& piece) { pending_ += piece; }
  bool has_pending() const { return !pending_.isEmpty(); }
  /// Renders what arrived since the last call, up to `max_chars` of it (UTF-16 code units,
  /// never half a surrogate pair): the rest waits for the next call, so that one call's cost
  /// stays bounded whatever arrived at once.
  void render(qsizetype max_chars);
  /// The answer is complete: renders everything, leaving no tail.
  void finish();
  /// Whether any answer text arrived at all.
  bool empty() const { return empty_; }

 private:
  using Part = markdown::MarkdownPart;

  void split(QStringView text, std::vector<Part>& parts);
  void replace_tail(const std::vector<Part>& parts, bool with_tail);
  // `tail`: the part is the unfinished tail, to be replaced at the next render.
  void insert_part(Part::Kind kind, const QString& text, bool tail);

  QTextDocument* document_;
  const TranscriptStyle& style_;
  std::vector<QString>& code_blocks_;
  markdown::MarkdownBlocks blocks_;
  QString pending_;
  QTextCursor tail_start_;  // where the unfinished tail begins
  std::string shown_tail_;  // UTF-8, as the splitter gives it
  bool shown_tail_is_code_ = false;
  bool empty_ = true;
  int code_lines_ = 0;  // final lines of the open code block
};

}  // namespace tinychat::gui
