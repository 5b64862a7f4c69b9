#pragma once

#include <QColor>
#include <QFont>
#include <QTextBlockFormat>
#include <QTextCharFormat>

namespace tinychat::gui {

/// The transcript's and the window's colours: the dark theme's (the original's dark-green
/// CustomTkinter look) unless use_colors(false) chose the light theme's. Set by the theme before
/// a window is made; a TranscriptStyle takes them when it is built.
namespace colors {
inline QColor window{0x1d, 0x21, 0x1f};
inline QColor base{0x16, 0x19, 0x18};
inline QColor text{0xe4, 0xe7, 0xe5};
inline QColor accent{0x2f, 0xa5, 0x72};        // CustomTkinter's green buttons
inline QColor accent_light{0x5f, 0xd3, 0x9a};  // labels and links on the base
inline QColor dim{0x8d, 0x94, 0x90};
inline QColor error{0xff, 0x6b, 0x6b};
inline QColor notice{0xe0, 0xb4, 0x5c};
inline QColor code_background{0x23, 0x2b, 0x27};
}  // namespace colors

/// The dark colours (true) or the light ones.
void use_colors(bool dark);

/// Text formats of the transcript, built once from the view's font.
struct TranscriptStyle {
  explicit TranscriptStyle(const QFont& base_font);

  QTextBlockFormat turn_label_block;  ///< "You" / "LLM": space above a new turn.
  QTextCharFormat user_label;
  QTextCharFormat model_label;
  QTextCharFormat model_name;  ///< The model's name beside its label.
  QTextBlockFormat body_block;
  QTextCharFormat body;
  QTextBlockFormat reasoning_block;
  QTextCharFormat reasoning;
  QTextCharFormat reasoning_label;
  QTextBlockFormat code_block;
  QTextCharFormat code;
  QTextBlockFormat status_block;
  QTextCharFormat error;
  QTextCharFormat notice;
  QTextCharFormat stopped;
  QTextBlockFormat footer_block;  ///< A message's actions and numbers, under it.
  QTextCharFormat footer;         ///< Small, dimmed.
  QTextCharFormat footer_link;    ///< An action in the footer: Copy, Regenerate, ‹ 2/3 ›...
  QTextBlockFormat code_header_block;  ///< A code block's language label and Copy button.
  QTextCharFormat code_language;
};

}  // namespace tinychat::gui
