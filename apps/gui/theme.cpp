#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include "dark_theme.h"
#include "transcript_style.h"

namespace tinychat::gui {

namespace {

// The desktop's palette, read once before any theme replaces the application's.
bool desktop_is_dark() {
  static const bool dark = QApplication::palette().color(QPalette::Window).lightness() < 128;
  return dark;
}

}  // namespace

Theme theme_from_name(const QString& name) {
  if (name == QLatin1String("dark")) return Theme::dark;
  if (name == QLatin1String("light")) return Theme::light;
  return Theme::system;
}

QString theme_name(Theme theme) {
  switch (theme) {
    case Theme::dark:
      return QStringLiteral("dark");
    case Theme::light:
      return QStringLiteral("light");
    case Theme::system:
      break;
  }
  return QStringLiteral("system");
}

bool is_light(Theme theme) {
  if (theme == Theme::system) return !desktop_is_dark();
  return theme == Theme::light;
}

void apply_theme(QApplication& app, Theme theme) {
  desktop_is_dark();  // remembered before the first theme replaces the desktop's palette
  if (is_light(theme)) {
    apply_light_theme(app);
  } else {
    apply_dark_theme(app);
  }
}

void apply_light_theme(QApplication& app) {
  desktop_is_dark();  // remembered before the palette changes
  use_colors(false);
  app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  QPalette palette = app.style()->standardPalette();
  palette.setColor(QPalette::Window, colors::window);
  palette.setColor(QPalette::Base, colors::base);
  palette.setColor(QPalette::AlternateBase, colors::window);
  palette.setColor(QPalette::Text, colors::text);
  palette.setColor(QPalette::WindowText, colors::text);
  palette.setColor(QPalette::ButtonText, colors::text);
  palette.setColor(QPalette::PlaceholderText, colors::dim);
  palette.setColor(QPalette::Highlight, colors::accent);
  palette.setColor(QPalette::HighlightedText, Qt::white);
  palette.setColor(QPalette::Link, colors::accent_light);
  app.setPalette(palette);
  app.setStyleSheet(QStringLiteral(
      "QPushButton#sendButton { background: #2fa572; color: white; border: none;"
      " border-radius: 5px; padding: 6px 18px; font-weight: bold; }"
      "QPushButton#sendButton:hover { background: #36bd83; }"
      "QPushButton#sendButton:disabled { background: #d5ddd8; color: #8a938d; }"
      "QProgressBar { border: 1px solid #c9d2cc; border-radius: 3px; background: #ffffff;"
      " max-height: 8px; }"
      "QProgressBar::chunk { background: #2fa572; }"));
}

}  // namespace tinychat::gui
