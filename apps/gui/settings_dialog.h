#pragma once

#include <QDialog>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "theme.h"
#include "tinychat/error.h"
#include "tinychat/settings.h"

class QCheckBox;
class QComboBox;
class QSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSlider;

namespace tinychat::gui {

/// What the window keeps for itself (window.ini), edited beside the settings: the theme, and
/// a limit on an answer's length (a local model that never stops otherwise fills its context).
struct WindowPreferences {
  Theme theme = Theme::system;
  std::optional<int> max_tokens;
  friend bool operator==(const WindowPreferences&, const WindowPreferences&) = default;
};

/// Settings: an API key (masked, with a Show toggle) and a base URL per provider, the
/// temperature (0 to 2, or the model's own default), and the system prompt. Save writes the
/// config file the CLI reads, through `save`; an error keeps the dialog open and shows why.
class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  using Saver = std::function<Error(const Settings&)>;

  SettingsDialog(const Settings& settings, const Environment& env, Saver save,
                 QWidget* parent = nullptr, WindowPreferences preferences = {});

  /// The settings as the dialog's fields give them.
  Settings edited() const;
  WindowPreferences preferences() const;

 private:
  struct ProviderFields {
    QLineEdit* key = nullptr;
    QLineEdit* base_url = nullptr;
  };
  QWidget* make_provider_page(const Environment& env);
  QWidget* make_general_page();
  void on_save();
  void show_temperature(int slider_value);

  Settings original_;
  Saver save_;
  std::map<std::string, ProviderFields> providers_;
  QCheckBox* model_default_temperature_ = nullptr;
  QSlider* temperature_ = nullptr;
  QLabel* temperature_value_ = nullptr;
  QPlainTextEdit* system_prompt_ = nullptr;
  QSpinBox* max_tokens_ = nullptr;
  QComboBox* theme_ = nullptr;
  WindowPreferences preferences_;
  QLabel* error_ = nullptr;
};

}  // namespace tinychat::gui
