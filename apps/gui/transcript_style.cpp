#include "transcript_style.h"

#include <QFontDatabase>
#include <QTextFormat>

namespace tinychat::gui {

void use_colors(bool dark) {
  if (dark) {
    colors::window = {0x1d, 0x21, 0x1f};
    colors::base = {0x16, 0x19, 0x18};
    colors::text = {0xe4, 0xe7, 0xe5};
    colors::accent_light = {0x5f, 0xd3, 0x9a};
    colors::dim = {0x8d, 0x94, 0x90};
    colors::error = {0xff, 0x6b, 0x6b};
    colors::notice = {0xe0, 0xb4, 0x5c};
    colors::code_background = {0x23, 0x2b, 0x27};
  } else {
    colors::window = {0xf3, 0xf5, 0xf4};
    colors::base = {0xff, 0xff, 0xff};
    colors::text = {0x1d, 0x21, 0x1f};
    colors::accent_light = {0x1e, 0x7a, 0x52};  // dark enough to read on white
    colors::dim = {0x6b, 0x73, 0x6e};
    colors::error = {0xc0, 0x2b, 0x2b};
    colors::notice = {0x8a, 0x5a, 0x00};
    colors::code_background = {0xee, 0xf1, 0xef};
  }
  colors::accent = {0x2f, 0xa5, 0x72};
}

TranscriptStyle::TranscriptStyle(const QFont& base_font) {
  turn_label_block.setTopMargin(14);
  turn_label_block.setBottomMargin(2);

  user_label.setForeground(colors::text);
  user_label.setFontWeight(QFont::Bold);
  model_label.setForeground(colors::accent_light);
  model_label.setFontWeight(QFont::Bold);
  model_name.setForeground(colors::dim);
  model_name.setFontWeight(QFont::Normal);

  body.setForeground(colors::text);
  body.setFontWeight(QFont::Normal);

  reasoning_block.setLeftMargin(14);
  reasoning_block.setBottomMargin(2);
  reasoning.setForeground(colors::dim);
  reasoning.setFontItalic(true);
  reasoning.setFontPointSize(std::max(6.0, base_font.pointSizeF() * 0.92));
  reasoning_label = reasoning;
  reasoning_label.setFontItalic(false);
  reasoning_label.setFontWeight(QFont::Bold);

  // The property Qt's own Markdown importer sets on fenced code, so that the document still
  // knows these blocks are code (toMarkdown, copy as Markdown).
  code_block.setProperty(QTextFormat::BlockCodeFence, QStringLiteral("`"));
  code_block.setBackground(colors::code_background);
  code_block.setLeftMargin(6);
  code_block.setRightMargin(6);
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  mono.setPointSizeF(base_font.pointSizeF());
  code.setFont(mono);
  code.setFontFixedPitch(true);
  code.setForeground(colors::text);

  status_block.setTopMargin(4);
  error.setForeground(colors::error);
  notice.setForeground(colors::notice);
  stopped.setForeground(colors::dim);
  stopped.setFontItalic(true);

  footer_block.setTopMargin(2);
  footer_block.setBottomMargin(4);
  footer.setForeground(colors::dim);
  footer.setFontPointSize(std::max(6.0, base_font.pointSizeF() * 0.85));
  footer_link = footer;
  footer_link.setForeground(colors::accent_light);

  code_header_block = code_block;
  code_header_block.setTopMargin(6);
  code_language = footer;
  code_language.setFontFixedPitch(true);
}

}  // namespace tinychat::gui
