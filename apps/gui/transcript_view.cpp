#include "transcript_view.h"

#include <QDesktopServices>
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

}  // namespace

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
    if (is_openable_link(url)) open_link_(url);
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
    cursor.insertText(tr("LLM"), style_.model_label);
    if (!model.isEmpty()) cursor.insertText(QStringLiteral("  ") + model, style_.model_name);
    reply_header_end_ = cursor.position();
  });
  reasoning_end_ = QTextCursor();
  answer_ = std::make_unique<AnswerRenderer>(document(), style_);
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
    answer_->render(kMaxCharsPerFrame);
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
  } else if (ending.stopped) {
    add_status_line(empty ? tr("Stopped before any answer arrived.")
                          : tr("Stopped: the partial answer is kept."),
                    style_.stopped);
  } else if (empty) {
    add_status_line(tr("The model sent an empty answer."), style_.stopped);
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

void TranscriptView::clear_transcript() {
  render_timer_.stop();
  ending_.reset();
  answer_.reset();
  reasoning_end_ = QTextCursor();
  pending_reasoning_.clear();
  document()->clear();
}

}  // namespace tinychat::gui
