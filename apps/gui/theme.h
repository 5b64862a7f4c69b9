#pragma once

#include <QString>
#include <filesystem>

class QApplication;

namespace tinychat::gui {

/// The window's colours: the desktop's choice (its palette is light or dark), or one fixed.
enum class Theme { system, dark, light };

/// "system", "dark", "light"; anything else reads as system.
Theme theme_from_name(const QString& name);
QString theme_name(Theme theme);
/// Applies `theme`: Fusion with the dark green palette or its light counterpart. `system`
/// looks at the desktop's palette as it was before the first theme was applied.
void apply_theme(QApplication& app, Theme theme);
/// Whether `theme` comes out light on this desktop.
bool is_light(Theme theme);
/// Fusion with a light palette and the same green accents.
void apply_light_theme(QApplication& app);

}  // namespace tinychat::gui
