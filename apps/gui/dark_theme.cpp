#include "dark_theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

#include "transcript_style.h"

namespace tinychat::gui {

void apply_dark_theme(QApplication& app) {
  use_colors(true);
  app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  QPalette palette;
  const QColor button{0x26, 0x2e, 0x2a};
  palette.setColor(QPalette::Window, colors::window);
  palette.setColor(QPalette::WindowText, colors::text);
  palette.setColor(QPalette::Base, colors::base);
  palette.setColor(QPalette::AlternateBase, colors::window);
  palette.setColor(QPalette::ToolTipBase, button);
  palette.setColor(QPalette::ToolTipText, colors::text);
  palette.setColor(QPalette::Text, colors::text);
  palette.setColor(QPalette::PlaceholderText, colors::dim);
  palette.setColor(QPalette::Button, button);
  palette.setColor(QPalette::ButtonText, colors::text);
  palette.setColor(QPalette::BrightText, colors::error);
  palette.setColor(QPalette::Highlight, colors::accent);
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::Link, colors::accent_light);
  palette.setColor(QPalette::LinkVisited, colors::accent);
  palette.setColor(QPalette::Light, button.lighter(140));
  palette.setColor(QPalette::Midlight, button.lighter(120));
  palette.setColor(QPalette::Mid, button.darker(120));
  palette.setColor(QPalette::Dark, button.darker(150));
  palette.setColor(QPalette::Shadow, Qt::black);
  for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    palette.setColor(QPalette::Disabled, role, colors::dim.darker(130));
  palette.setColor(QPalette::Disabled, QPalette::Button, colors::window);
  app.setPalette(palette);
  // The accent button, as CustomTkinter's green ones; disabled it fades into the window.
  app.setStyleSheet(QStringLiteral(
      "QPushButton#sendButton { background: #2fa572; color: white; border: none;"
      " border-radius: 5px; padding: 6px 18px; font-weight: bold; }"
      "QPushButton#sendButton:hover { background: #36bd83; }"
      "QPushButton#sendButton:disabled { background: #2a3530; color: #6c756f; }"
      "QProgressBar { border: 1px solid #2a3530; border-radius: 3px; background: #161918;"
      " max-height: 8px; }"
      "QProgressBar::chunk { background: #2fa572; }"));
}

}  // namespace tinychat::gui
