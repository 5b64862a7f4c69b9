#pragma once

class QApplication;

namespace tinychat::gui {

/// Fusion with a dark palette and green accents: the original's dark-green CustomTkinter look.
void apply_dark_theme(QApplication& app);

}  // namespace tinychat::gui
