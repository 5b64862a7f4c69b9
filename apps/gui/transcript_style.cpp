#include "transcript_style.h"

#include <QFontDatabase>
#include <QTextFormat>

namespace tinychat::gui {

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
