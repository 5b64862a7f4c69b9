#pragma once

#include <QPlainTextEdit>

namespace tinychat::gui {

/// Where the user types: Enter sends, Shift+Enter and Ctrl+Enter start a new line.
class PromptEdit : public QPlainTextEdit {
  Q_OBJECT

 public:
  explicit PromptEdit(QWidget* parent = nullptr);
  QSize sizeHint() const override;

 signals:
  void submitted();

 protected:
  void keyPressEvent(QKeyEvent* event) override;
};

}  // namespace tinychat::gui
