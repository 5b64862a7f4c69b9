#pragma once

#include <QDesktopServices>
#include <QElapsedTimer>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "answer_renderer.h"
#include "transcript_style.h"

namespace tinychat::gui {

/// The conversation as people read it: the user's turns as typed, answers rendered as Markdown
/// while they stream, reasoning dimmed apart from the answer, errors and notices in their own
/// colours. Read-only; text can be selected and copied; links open in the browser.
///
/// Streamed pieces are buffered and rendered at most once per frame, whatever the token rate.
/// Whether a link in an answer may be opened: http, https and mailto only.
bool is_openable_link(const QUrl& url);
/// The scheme of the transcript's own links: message actions, code blocks' Copy buttons.
inline constexpr char kActionScheme[] = "tinychat";

class TranscriptView : public QTextBrowser {
  Q_OBJECT

 public:
  /// What the line under a message offers; each action is a link the view hands to
  /// action_requested instead of opening it.
  struct Footer {
    QString message_id;
    bool prompt = false;  ///< Edit for a prompt; Regenerate for an answer.
    int sibling = 1;      ///< This message's place among its siblings, from 1.
    int siblings = 1;
    QString previous_sibling;  ///< Ids the ‹ › switcher moves to; empty at either end.
    QString next_sibling;
    bool can_continue = false;  ///< An interrupted answer.
    bool can_retry = false;     ///< A failed answer.
    QString numbers;            ///< Tokens and time, in small type after the actions.
  };

  explicit TranscriptView(QWidget* parent = nullptr);

  void add_user_turn(const QString& text);
  /// Starts the answer of `model`; pieces follow with append_answer / append_reasoning.
  void begin_reply(const QString& model);
  void append_answer(const QString& piece);
  void append_reasoning(const QString& piece);
  /// Ends the answer: renders what is left, then `error` (empty when none) in the error colour,
  /// or a note that the user stopped it. A large rest renders over the next frames; anything
  /// added meanwhile waits for it, so the transcript keeps its order.
  void end_reply(const QString& error, bool stopped);
  /// Ends an answer read back from the store: as end_reply, but one that ended early reads as
  /// interrupted (the user stopped it, or its writer was closed or died mid-reply).
  void end_stored_reply(const QString& error, bool interrupted);
  /// The line of actions and numbers under the message just added.
  void add_footer(const Footer& footer);
  /// A line for the user that is not part of the conversation (a missing key, say).
  void add_notice(const QString& text);
  void add_error(const QString& text);
  /// Forgets everything shown (New Chat).
  void clear_transcript();
  /// Text from now on in `points` (the caller renders what is shown again), and the colours
  /// of the current theme.
  void set_text_size(qreal points);

  /// Whether an answer is still being rendered (streaming, or ending over a few frames).
  bool reply_in_progress() const { return answer_ != nullptr; }
  /// Renders the next frame's worth of pending text now rather than at the next frame.
  void render_pending() { render_now(); }
  /// Renders everything pending and completes an ending reply at once.
  void settle();
  /// The most answer text one frame renders (views side by side share one frame's budget).
  void set_chars_per_frame(qsizetype chars) { chars_per_frame_ = std::max<qsizetype>(chars, 256); }
  static qsizetype default_chars_per_frame();
  /// How many times streamed text was rendered: for the benchmark.
  int render_count() const { return render_count_; }

  /// Opens a link the user clicked (the desktop's browser by default); tests put their own.
  void set_link_opener(std::function<void(const QUrl&)> open) { open_link_ = std::move(open); }
  /// The code of the `index`th code block shown (from 0), exactly as the answer has it.
  QString code_block(int index) const;

 signals:
  /// A message action was clicked: "copy", "edit", "regenerate", "continue", "retry" or
  /// "switch" with a message id, or "copy-code" with a code block's index.
  void action_requested(const QString& action, const QString& argument);

 protected:
  /// Draws a bar beside blockquotes, which QTextDocument cannot.
  void paintEvent(QPaintEvent* event) override;

 private:
  struct Ending {
    QString error;
    bool stopped = false;
    bool stored = false;  // read back from the store: "interrupted" rather than "stopped"
  };

  void schedule_render();
  void render_now();
  void finish_reply();
  void add_status_line(const QString& text, const QTextCharFormat& format);
  // Runs `edit`, then keeps the view at the bottom if it was there before.
  template <class Edit>
  void edit_following_the_end(Edit&& edit);

  TranscriptStyle style_;
  std::unique_ptr<AnswerRenderer> answer_;
  QTextCursor reasoning_end_;  // where the next piece of reasoning goes; null before the first
  int reply_header_end_ = 0;   // the end of the current reply's "LLM" line
  QString pending_reasoning_;
  std::optional<Ending> ending_;  // set between end_reply() and the reply's last frame
  QTimer render_timer_;
  QElapsedTimer since_render_;
  std::function<void(const QUrl&)> open_link_ = [](const QUrl& url) {
    QDesktopServices::openUrl(url);
  };
  int render_count_ = 0;
  qsizetype chars_per_frame_ = default_chars_per_frame();
  std::vector<QString> code_blocks_;  // every code block shown, for their Copy buttons
};

}  // namespace tinychat::gui
