#include "prompt_edit.h"

#include <QFontMetrics>
#include <QKeyEvent>

namespace tinychat::gui {

PromptEdit::PromptEdit(QWidget* parent) : QPlainTextEdit(parent) {
  setObjectName(QStringLiteral("prompt"));
  setPlaceholderText(tr("Ask anything. Enter sends; Shift+Enter starts a new line."));
  setTabChangesFocus(true);
}

QSize PromptEdit::sizeHint() const {
  // Room for four lines: enough to see a short paragraph while writing it.
  const int lines = 4;
  return {QPlainTextEdit::sizeHint().width(),
          fontMetrics().lineSpacing() * lines + 2 * frameWidth() +
              static_cast<int>(document()->documentMargin() * 2)};
}

void PromptEdit::keyPressEvent(QKeyEvent* event) {
  const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
  if (enter) {
    const Qt::KeyboardModifiers newline_modifiers = Qt::ShiftModifier | Qt::ControlModifier;
    if (event->modifiers() & newline_modifiers) {
      // A plain newline: Qt's own Shift+Enter would insert a Unicode line separator.
      insertPlainText(QStringLiteral("\n"));
    } else {
      emit submitted();
    }
    event->accept();
    return;
  }
  QPlainTextEdit::keyPressEvent(event);
}

}  // namespace tinychat::gui
