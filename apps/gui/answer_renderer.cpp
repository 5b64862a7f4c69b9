#include "answer_renderer.h"

#include <QObject>
#include <QTextDocument>

#include "rich_text_append.h"

namespace tinychat::gui {

namespace {

constexpr qreal kCodeMargin = 6;

}  // namespace

AnswerRenderer::AnswerRenderer(QTextDocument* document, const TranscriptStyle& style,
                               std::vector<QString>& code_blocks)
    : document_(document), style_(style), code_blocks_(code_blocks), tail_start_(document) {
  tail_start_.movePosition(QTextCursor::End);
}

void AnswerRenderer::render(qsizetype max_chars) {
  if (pending_.isEmpty()) return;
  empty_ = false;
  qsizetype take = std::min(max_chars, pending_.size());
  // Never between the two halves of a surrogate pair (an emoji, say).
  if (take < pending_.size() && take > 0 && pending_[take - 1].isHighSurrogate()) --take;
  std::vector<MarkdownPart> parts;
  stream_.append(QStringView(pending_).first(take), parts);
  pending_.remove(0, take);
  if (parts.empty() && stream_.tail() == shown_tail_ && stream_.in_code() == shown_tail_is_code_)
    return;
  replace_tail(parts, true);
}

void AnswerRenderer::finish() {
  if (!pending_.isEmpty()) empty_ = false;
  std::vector<MarkdownPart> parts;
  stream_.append(pending_, parts);
  pending_.clear();
  stream_.finish(parts);
  replace_tail(parts, false);
}

void AnswerRenderer::replace_tail(const std::vector<MarkdownPart>& parts, bool with_tail) {
  QTextCursor cursor(document_);
  cursor.beginEditBlock();  // one layout pass for the removal and the insertions together
  cursor.setPosition(tail_start_.position());
  cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
  cursor.removeSelectedText();
  for (const MarkdownPart& part : parts) insert_part(part, false);
  cursor.movePosition(QTextCursor::End);
  const int tail_start = cursor.position();
  shown_tail_.clear();
  shown_tail_is_code_ = false;
  if (with_tail) {
    shown_tail_ = stream_.tail();
    shown_tail_is_code_ = stream_.in_code();
    if (shown_tail_is_code_) {
      insert_part({MarkdownPart::Kind::code_line, shown_tail_}, true);
    } else if (!shown_tail_.trimmed().isEmpty()) {
      insert_part({MarkdownPart::Kind::markdown, shown_tail_}, true);
    }
  }
  // Set after inserting: an insertion at a cursor's position carries the cursor along. Text
  // inserted before the answer later (late reasoning) still moves it, as it should.
  tail_start_.setPosition(tail_start);
  cursor.endEditBlock();
}

void AnswerRenderer::insert_part(const MarkdownPart& part, bool tail) {
  QTextCursor cursor(document_);
  switch (part.kind) {
    case MarkdownPart::Kind::markdown:
      append_markdown(cursor, part.text);
      break;
    case MarkdownPart::Kind::code_line: {
      // Space above the block's first line and below its last, as Markdown paragraphs have.
      start_block_at_end(cursor, style_.code_block, style_.code);
      cursor.insertText(part.text, style_.code);
      if (!tail) {
        // The code exactly: lines joined by newlines, none after the last.
        if (!code_blocks_.empty()) {
          QString& code = code_blocks_.back();
          if (code_lines_ > 0) code += QLatin1Char('\n');
          code += part.text;
        }
        ++code_lines_;
      }
      break;
    }
    case MarkdownPart::Kind::code_start: {
      code_lines_ = 0;
      // A header above the code: its language, and a Copy button for exactly the code.
      code_blocks_.emplace_back();
      QTextBlockFormat header = style_.code_header_block;
      header.setTopMargin(kCodeMargin);
      start_block_at_end(cursor, header, style_.code_language);
      const QString language = part.text.trimmed().section(QLatin1Char(' '), 0, 0);
      cursor.insertText(
          (language.isEmpty() ? QObject::tr("code") : language) + QStringLiteral("   "),
          style_.code_language);
      QTextCharFormat copy = style_.footer_link;
      copy.setAnchor(true);
      copy.setAnchorHref(QStringLiteral("tinychat:copy-code/%1").arg(code_blocks_.size() - 1));
      cursor.insertText(QObject::tr("Copy"), copy);
      break;
    }
    case MarkdownPart::Kind::code_end:
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
