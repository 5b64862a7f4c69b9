#include "transcript_view.h"

#include <QAbstractTextDocumentLayout>
#include <QDesktopServices>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>

#include "rich_text_append.h"

namespace tinychat::gui {

namespace {

// A frame at 60 Hz: faster rendering would not be seen, only paid for.
constexpr int kFrameMs = 16;
// The most answer text one frame renders, about 6 ms of Markdown parsing and layout on a
// 2-core VM: a burst (a fast local model, a long reply arriving at once) then shows over a few
// frames instead of freezing the window while it renders.
constexpr qsizetype kMaxCharsPerFrame = 8192;

QString action_link(const QString& action, const QString& argument) {
  return QString::fromLatin1(kActionScheme) + QLatin1Char(':') + action + QLatin1Char('/') +
         argument;
}

}  // namespace

qsizetype TranscriptView::default_chars_per_frame() { return kMaxCharsPerFrame; }

bool is_openable_link(const QUrl& url) {
  const QString scheme = url.scheme().toLower();
  return url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https") ||
                           scheme == QLatin1String("mailto"));
}

TranscriptView::TranscriptView(QWidget* parent) : QTextBrowser(parent), style_(font()) {
  setObjectName(QStringLiteral("transcript"));
  // Links come from the model, which repeats what it read: only web and mail links leave the
  // window, never file:, smb:, a custom scheme handler or anything else the desktop would run.
  setOpenExternalLinks(false);
  setOpenLinks(false);
  connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
    if (url.scheme() == QLatin1String(kActionScheme)) {
      const QString path = url.path();
      const qsizetype slash = path.indexOf(QLatin1Char('/'));
      if (slash > 0) emit action_requested(path.left(slash), path.mid(slash + 1));
    } else if (is_openable_link(url)) {
      open_link_(url);
    }
  });
  setTextInteractionFlags(Qt::TextBrowserInteraction);
  setUndoRedoEnabled(false);
  document()->setUndoRedoEnabled(false);
  document()->setDocumentMargin(12);
  render_timer_.setSingleShot(true);
  connect(&render_timer_, &QTimer::timeout, this, &TranscriptView::render_now);
  since_render_.start();
}

template <class Edit>
void TranscriptView::edit_following_the_end(Edit&& edit) {
  QScrollBar* bar = verticalScrollBar();
  const bool at_end = bar->value() >= bar->maximum() - 2;
  edit();
  if (at_end) bar->setValue(bar->maximum());
}

void TranscriptView::add_user_turn(const QString& text) {
  settle();
  edit_following_the_end([&] {
    QTextCursor cursor(document());
    start_block_at_end(cursor, style_.turn_label_block, style_.user_label);
    cursor.insertText(tr("You"), style_.user_label);
    start_block_at_end(cursor, style_.body_block, style_.body);
    // insertText makes each newline a new block, so the turn keeps its lines.
    cursor.insertText(text, style_.body);
  });
}

void TranscriptView::begin_reply(const QString& model) {
  if (answer_ && !ending_) end_reply({}, false);
  settle();
  edit_following_the_end([&] {
    QTextCursor cursor(document());
    start_block_at_end(cursor, style_.turn_label_block, style_.model_label);
    // The model's own name says who answered; "LLM" only when none is known.
    cursor.insertText(model.isEmpty() ? tr("LLM") : model, style_.model_label);
    reply_header_end_ = cursor.position();
  });
  reasoning_end_ = QTextCursor();
  answer_ = std::make_unique<AnswerRenderer>(document(), style_, code_blocks_);
}

void TranscriptView::append_answer(const QString& piece) {
  if (!answer_ || piece.isEmpty()) return;
  answer_->append(piece);
  schedule_render();
}

void TranscriptView::append_reasoning(const QString& piece) {
  if (!answer_ || piece.isEmpty()) return;
  pending_reasoning_ += piece;
  schedule_render();
}

void TranscriptView::schedule_render() {
  if (render_timer_.isActive()) return;
  const qint64 wait = kFrameMs - since_render_.elapsed();
  render_timer_.start(static_cast<int>(std::max<qint64>(0, wait)));
}

void TranscriptView::render_now() {
  render_timer_.stop();
  if (!answer_) return;
  if (pending_reasoning_.isEmpty() && !answer_->has_pending()) {
    if (ending_) finish_reply();
    return;
  }
  since_render_.restart();  // frames are counted from start to start
  edit_following_the_end([&] {
    if (!pending_reasoning_.isEmpty()) {
      // Reasoning sits between the "LLM" line and the answer, even when it arrives late.
      QTextCursor cursor(document());
      if (reasoning_end_.isNull()) {
        cursor.setPosition(reply_header_end_);
        cursor.insertBlock(style_.reasoning_block, style_.reasoning_label);
        cursor.insertText(tr("Reasoning"), style_.reasoning_label);
        cursor.insertBlock(style_.reasoning_block, style_.reasoning);
        reasoning_end_ = QTextCursor(document());
        // The answer is appended at this very position while it is still empty: it must not
        // carry the end of the reasoning along with it.
        reasoning_end_.setKeepPositionOnInsert(true);
      } else {
        cursor.setPosition(reasoning_end_.position());
      }
      cursor.insertText(pending_reasoning_, style_.reasoning);
      reasoning_end_.setPosition(cursor.position());
      pending_reasoning_.clear();
    }
    answer_->render(chars_per_frame_);
  });
  ++render_count_;
  if (answer_->has_pending()) {
    schedule_render();
  } else if (ending_) {
    finish_reply();
  }
}

void TranscriptView::end_reply(const QString& error, bool stopped) {
  if (!answer_ || ending_) return;
  ending_ = Ending{error, stopped};
  // What is left renders at the frame rate; the end lines follow once it has.
  render_now();
}

void TranscriptView::end_stored_reply(const QString& error, bool interrupted) {
  if (!answer_ || ending_) return;
  ending_ = Ending{error, interrupted, true};
  settle();
}

void TranscriptView::add_footer(const Footer& footer) {
  settle();
  edit_following_the_end([&] {
    QTextCursor cursor(document());
    start_block_at_end(cursor, style_.footer_block, style_.footer);
    bool first = true;
    auto link = [&](const QString& text, const QString& action, const QString& argument) {
      if (!first) cursor.insertText(QStringLiteral("  ·  "), style_.footer);
      first = false;
      QTextCharFormat format = style_.footer_link;
      format.setAnchor(true);
      format.setAnchorHref(action_link(action, argument));
      cursor.insertText(text, format);
    };
    if (footer.siblings > 1) {
      // ‹ 2/3 ›: the arrows are links only where there is a branch to go to.
      QTextCharFormat arrow = style_.footer_link;
      auto insert_arrow = [&](const QString& text, const QString& target) {
        if (target.isEmpty()) {
          cursor.insertText(text, style_.footer);
        } else {
          QTextCharFormat format = arrow;
          format.setAnchor(true);
          format.setAnchorHref(action_link(QStringLiteral("switch"), target));
          cursor.insertText(text, format);
        }
      };
      insert_arrow(QStringLiteral("\u2039"), footer.previous_sibling);
      cursor.insertText(QStringLiteral(" %1/%2 ").arg(footer.sibling).arg(footer.siblings),
                        style_.footer);
      insert_arrow(QStringLiteral("\u203A"), footer.next_sibling);
      first = false;
    }
    link(tr("Copy"), QStringLiteral("copy"), footer.message_id);
    if (footer.prompt) {
      link(tr("Edit"), QStringLiteral("edit"), footer.message_id);
    } else {
      if (footer.can_retry) link(tr("Retry"), QStringLiteral("retry"), footer.message_id);
      if (footer.can_continue) link(tr("Continue"), QStringLiteral("continue"), footer.message_id);
      link(tr("Regenerate"), QStringLiteral("regenerate"), footer.message_id);
    }
    if (!footer.numbers.isEmpty())
      cursor.insertText(QStringLiteral("    ") + footer.numbers, style_.footer);
  });
}

QString TranscriptView::code_block(int index) const {
  if (index < 0 || static_cast<std::size_t>(index) >= code_blocks_.size()) return {};
  return code_blocks_[static_cast<std::size_t>(index)];
}

void TranscriptView::settle() {
  // Each round renders a frame's worth; the last one finishes the reply and clears ending_.
  while (ending_) render_now();
}

void TranscriptView::finish_reply() {
  const Ending ending = *ending_;
  ending_.reset();
  render_timer_.stop();
  edit_following_the_end([&] { answer_->finish(); });
  const bool empty = answer_->empty();
  answer_.reset();
  reasoning_end_ = QTextCursor();
  if (!ending.error.isEmpty()) {
    add_error(ending.error);
  } else if (ending.stopped && ending.stored) {
    add_status_line(empty ? tr("Interrupted before any answer arrived.")
                          : tr("Interrupted: the partial answer is kept."),
                    style_.stopped);
  } else if (ending.stopped) {
    add_status_line(empty ? tr("Stopped before any answer arrived.")
                          : tr("Stopped: the partial answer is kept."),
                    style_.stopped);
  } else if (empty) {
    add_status_line(tr("The model sent an empty answer."), style_.stopped);
  }
}

void TranscriptView::paintEvent(QPaintEvent* event) {
  QTextBrowser::paintEvent(event);
  // Only the blocks on screen: from the one at the top of the viewport down past its bottom.
  QPainter painter(viewport());
  const QPointF offset(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
  QAbstractTextDocumentLayout* layout = document()->documentLayout();
  for (QTextBlock block = cursorForPosition(QPoint(0, 0)).block(); block.isValid();
       block = block.next()) {
    const QRectF rect = layout->blockBoundingRect(block).translated(offset);
    if (rect.top() > viewport()->height()) break;
    const int level = block.blockFormat().intProperty(QTextFormat::BlockQuoteLevel);
    for (int i = 0; i < level; ++i) {
      const qreal x = rect.left() + kQuoteIndent * i + 2;
      painter.fillRect(QRectF(x, rect.top(), 3, rect.height()), colors::dim);
    }
  }
}

void TranscriptView::add_notice(const QString& text) {
  settle();
  add_status_line(text, style_.notice);
}

void TranscriptView::add_error(const QString& text) {
  settle();
  add_status_line(QStringLiteral("\u26A0 ") + text, style_.error);
}

void TranscriptView::add_status_line(const QString& text, const QTextCharFormat& format) {
  edit_following_the_end([&] {
    QTextCursor cursor(document());
    start_block_at_end(cursor, style_.status_block, format);
    cursor.insertText(text, format);
  });
}

void TranscriptView::set_text_size(qreal points) {
  QFont text_font = font();
  text_font.setPointSizeF(points);
  setFont(text_font);
  document()->setDefaultFont(text_font);
  style_ = TranscriptStyle(text_font);  // the renderer holds a reference to this very object
}

void TranscriptView::clear_transcript() {
  render_timer_.stop();
  ending_.reset();
  answer_.reset();
  reasoning_end_ = QTextCursor();
  pending_reasoning_.clear();
  code_blocks_.clear();
  document()->clear();
}

}  // namespace tinychat::gui
