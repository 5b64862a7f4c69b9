#include "answer_renderer.h"

#include <QTextDocument>

#include "qt_text.h"
#include "rich_text_append.h"

namespace tinychat::gui {

namespace {

// How much of `text` one render takes: at most `max_chars` code units, but never the first half
// of a surrogate pair (an emoji, say) without the second, which would become two U+FFFD in UTF-8.
// A pair that alone is more than `max_chars` is taken whole, so that every render moves on.
qsizetype whole_characters(QStringView text, qsizetype max_chars) {
  qsizetype take = std::min(max_chars, text.size());
  if (take > 0 && take < text.size() && text[take - 1].isHighSurrogate()) {
    take = take > 1 ? take - 1 : take + 1;
  }
  return take;
}

}  // namespace

AnswerRenderer::AnswerRenderer(QTextDocument* document, const TranscriptStyle& style,
                               std::vector<QString>& code_blocks)
    : document_(document), style_(style), code_blocks_(code_blocks), tail_start_(document) {
  tail_start_.movePosition(QTextCursor::End);
}

void AnswerRenderer::render(qsizetype max_chars) {
  if (pending_.isEmpty()) return;
  empty_ = false;
  const qsizetype take = whole_characters(pending_, max_chars);
  std::vector<Part> parts;
  split(QStringView(pending_).first(take), parts);
  pending_.remove(0, take);
  if (parts.empty() && blocks_.tail() == shown_tail_ && blocks_.in_code() == shown_tail_is_code_)
    return;
  replace_tail(parts, true);
}

void AnswerRenderer::finish() {
  if (!pending_.isEmpty()) empty_ = false;
  std::vector<Part> parts;
  split(pending_, parts);
  pending_.clear();
  blocks_.finish(parts);
  replace_tail(parts, false);
}

// The pieces are whole characters (the library's deltas are whole UTF-8, and the slices above
// keep surrogate pairs together), so each converts to whole UTF-8 on its own.
void AnswerRenderer::split(QStringView text, std::vector<Part>& parts) {
  const QByteArray utf8 = text.toUtf8();
  blocks_.append(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())), parts);
}

void AnswerRenderer::replace_tail(const std::vector<Part>& parts, bool with_tail) {
  QTextCursor cursor(document_);
  cursor.beginEditBlock();  // one layout pass for the removal and the insertions together
  cursor.setPosition(tail_start_.position());
  cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
  cursor.removeSelectedText();
  for (const Part& part : parts) insert_part(part.kind, to_qstring(part.text), false);
  cursor.movePosition(QTextCursor::End);
  const int tail_start = cursor.position();
  shown_tail_.clear();
  shown_tail_is_code_ = false;
  if (with_tail) {
    shown_tail_ = blocks_.tail();
    shown_tail_is_code_ = blocks_.in_code();
    if (shown_tail_is_code_) {
      insert_part(Part::Kind::code_line, to_qstring(shown_tail_), true);
    } else if (!markdown::is_blank(shown_tail_)) {
      insert_part(Part::Kind::markdown, to_qstring(shown_tail_), true);
    }
  }
  // Set after inserting: an insertion at a cursor's position carries the cursor along. Text
  // inserted before the answer later (late reasoning) still moves it, as it should.
  tail_start_.setPosition(tail_start);
  cursor.endEditBlock();
}

void AnswerRenderer::insert_part(Part::Kind kind, const QString& text, bool tail) {
  QTextCursor cursor(document_);
  switch (kind) {
    case Part::Kind::markdown: {
      // Code within it (a fence under a list item) gets its Copy link once final, as a fence
      // of its own does.
      const CodeHeaders headers{style_, code_blocks_};
      append_markdown(cursor, text, tail ? nullptr : &headers);
      break;
    }
    case Part::Kind::code_line: {
      // Space above the block's first line and below its last, as Markdown paragraphs have.
      start_block_at_end(cursor, style_.code_block, style_.code);
      cursor.insertText(text, style_.code);
      if (!tail) {
        // The code exactly: lines joined by newlines, none after the last.
        if (!code_blocks_.empty()) {
          QString& code = code_blocks_.back();
          if (code_lines_ > 0) code += QLatin1Char('\n');
          code += text;
        }
        ++code_lines_;
      }
      break;
    }
    case Part::Kind::code_start: {
      code_lines_ = 0;
      // A header above the code: its language, and a Copy button for exactly the code.
      code_blocks_.emplace_back();
      QTextBlockFormat header = style_.code_header_block;
      header.setTopMargin(kCodeMargin);
      start_block_at_end(cursor, header, style_.code_language);
      write_code_header(cursor, text, code_blocks_.size() - 1, style_);
      break;
    }
    case Part::Kind::code_end:
      if (code_lines_ > 0) {
        cursor.movePosition(QTextCursor::End);
        QTextBlockFormat last = cursor.blockFormat();
        last.setBottomMargin(kCodeMargin);
        cursor.setBlockFormat(last);
      }
      code_lines_ = 0;
      break;
  }
}

}  // namespace tinychat::gui
