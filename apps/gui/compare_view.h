#pragma once

#include <QWidget>
#include <vector>

#include "chat_controller.h"

class QLabel;
class QPushButton;

namespace tinychat::gui {

class TranscriptView;

/// Compare mode's page: the prompt, then one column per model side by side. Each column has the
/// model's name at the top, its answer rendered as the transcript renders one (each column its
/// own renderer, bounded per frame, so a fast column never freezes the others), its numbers or
/// its error under it, and "Continue with this one".
class CompareView : public QWidget {
  Q_OBJECT

 public:
  explicit CompareView(QWidget* parent = nullptr);

  /// Empty columns for these models, waiting for the next message.
  void set_models(const QStringList& models);
  /// A comparison began: `prompt` went to `models`; their answers stream into fresh columns.
  void begin(const QString& prompt, const QStringList& models);
  void append_answer(int column, const QString& piece);
  void append_reasoning(int column, const QString& piece);
  /// Answer `column` ended: its error or stop note in the column, its numbers under it.
  void end_answer(int column, const ReplyOutcome& outcome, const QString& numbers);
  /// Every answer ended: each column's "Continue with this one" can be clicked.
  void set_finished(bool finished);
  /// The answers' text size in points (the transcript's, Ctrl+= and Ctrl+-).
  void set_text_size(qreal points);
  /// A line under the columns for the user (a missing key, say); empty hides it.
  void set_notice(const QString& text);

  int columns() const { return static_cast<int>(columns_.size()); }
  /// Column `index`'s answer: for tests and the benchmark.
  TranscriptView& answer(int index) { return *columns_[static_cast<std::size_t>(index)].answer; }
  /// Whether any column is still rendering its answer.
  bool rendering() const;

 signals:
  /// "Continue with this one" under column `index`.
  void continue_requested(int index);
  /// "Leave Compare": back to the one-model chat.
  void leave_requested();

 private:
  struct Column {
    QWidget* box = nullptr;
    QLabel* name = nullptr;
    TranscriptView* answer = nullptr;
    QLabel* numbers = nullptr;
    QPushButton* choose = nullptr;
    bool has_text = false;  // an answer that failed before any text is not one to continue
  };
  void clear_columns();

  QLabel* prompt_ = nullptr;
  QLabel* notice_ = nullptr;
  QPushButton* leave_ = nullptr;
  QWidget* row_ = nullptr;
  std::vector<Column> columns_;
  qreal text_size_ = 0;  // 0: the default
};

}  // namespace tinychat::gui
