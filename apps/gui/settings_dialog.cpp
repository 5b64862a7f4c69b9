#include "settings_dialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <cmath>

#include "qt_text.h"
#include "tinychat/provider_registry.h"

namespace tinychat::gui {

namespace {

// The slider counts hundredths: 0..200 is 0.00..2.00.
constexpr int kSliderScale = 100;

QString key_variables(const BuiltinProvider& provider) {
  QStringList names;
  for (std::string_view name : provider.key_variables) names << to_qstring(name);
  return names.join(QObject::tr(" or "));
}

// Which of the provider's variables holds a key, if any: that key wins over the field.
QString variable_in_use(const BuiltinProvider& provider, const Environment& env) {
  for (std::string_view name : provider.key_variables) {
    if (auto value = env(name); value && !value->empty()) return to_qstring(name);
  }
  return {};
}

}  // namespace

SettingsDialog::SettingsDialog(const Settings& settings, const Environment& env, Saver save,
                               QWidget* parent, WindowPreferences preferences)
    : QDialog(parent), original_(settings), save_(std::move(save)), preferences_(preferences) {
  setObjectName(QStringLiteral("settingsDialog"));
  setWindowTitle(tr("Settings"));
  auto* tabs = new QTabWidget(this);
  tabs->addTab(make_provider_page(env), tr("Providers"));
  tabs->addTab(make_general_page(), tr("Conversation"));

  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("settingsError"));
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #ff6b6b;"));
  error_->hide();

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
  buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveButton"));
  buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
  connect(buttons->button(QDialogButtonBox::Save), &QPushButton::clicked, this,
          &SettingsDialog::on_save);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(tabs);
  layout->addWidget(error_);
  layout->addWidget(buttons);
  resize(720, 520);
}

QWidget* SettingsDialog::make_provider_page(const Environment& env) {
  auto* page = new QWidget(this);
  auto* grid = new QGridLayout(page);
  grid->addWidget(new QLabel(tr("<b>API key</b>"), page), 0, 1);
  grid->addWidget(new QLabel(tr("<b>Base URL</b> (empty: the provider's own)"), page), 0, 2);
  int row = 1;
  for (const BuiltinProvider& provider : builtin_providers()) {
    const std::string name(provider.name);
    const auto configured = original_.providers.find(name);
    const ProviderSettings current =
        configured == original_.providers.end() ? ProviderSettings{} : configured->second;

    auto* key = new QLineEdit(QString::fromStdString(current.api_key), page);
    key->setObjectName(QStringLiteral("key_") + to_qstring(provider.name));
    key->setEchoMode(QLineEdit::Password);
    key->setPlaceholderText(tr("or set %1").arg(key_variables(provider)));
    QAction* show = key->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView),
                                   QLineEdit::TrailingPosition);
    show->setObjectName(QStringLiteral("show_key_") + to_qstring(provider.name));
    show->setCheckable(true);
    show->setToolTip(tr("Show the key"));
    connect(show, &QAction::toggled, key, [key, show](bool visible) {
      key->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
      show->setToolTip(visible ? QObject::tr("Hide the key") : QObject::tr("Show the key"));
    });

    auto* base_url = new QLineEdit(QString::fromStdString(current.base_url), page);
    base_url->setObjectName(QStringLiteral("base_url_") + to_qstring(provider.name));
    base_url->setPlaceholderText(to_qstring(provider.default_base_url));

    grid->addWidget(new QLabel(to_qstring(provider.name), page), row, 0);
    grid->addWidget(key, row, 1);
    grid->addWidget(base_url, row, 2);
    ++row;
    if (const QString variable = variable_in_use(provider, env); !variable.isEmpty()) {
      auto* note = new QLabel(
          tr("%1 is set in the environment and is used instead of this key.").arg(variable), page);
      note->setObjectName(QStringLiteral("env_note_") + to_qstring(provider.name));
      note->setStyleSheet(QStringLiteral("color: #e0b45c;"));
      grid->addWidget(note, row++, 1, 1, 2);
    }
    // The same for the base URL: a variable set in the environment wins over the field.
    if (const std::string_view variable = provider.base_url_variable; !variable.empty()) {
      if (auto value = env(variable); value && !value->empty()) {
        auto* note =
            new QLabel(tr("%1 is set in the environment and is used instead of this base URL.")
                           .arg(to_qstring(variable)),
                       page);
        note->setObjectName(QStringLiteral("base_url_env_note_") + to_qstring(provider.name));
        note->setStyleSheet(QStringLiteral("color: #e0b45c;"));
        grid->addWidget(note, row++, 1, 1, 2);
      }
    }
    providers_[name] = {key, base_url};
  }
  grid->setColumnStretch(1, 3);
  grid->setColumnStretch(2, 2);
  grid->setRowStretch(row, 1);
  return page;
}

QWidget* SettingsDialog::make_general_page() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);

  model_default_temperature_ = new QCheckBox(tr("Use the model's own default"), page);
  model_default_temperature_->setObjectName(QStringLiteral("modelDefaultTemperature"));
  // Reasoning models (o3, GPT-5) refuse any temperature but their own, hence the option.
  model_default_temperature_->setToolTip(
      tr("Send no temperature. Some reasoning models accept no other value."));
  temperature_ = new QSlider(Qt::Horizontal, page);
  temperature_->setObjectName(QStringLiteral("temperatureSlider"));
  temperature_->setRange(0, 2 * kSliderScale);
  temperature_->setPageStep(10);
  temperature_value_ = new QLabel(page);
  temperature_value_->setObjectName(QStringLiteral("temperatureValue"));
  temperature_value_->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
  connect(temperature_, &QSlider::valueChanged, this, &SettingsDialog::show_temperature);
  connect(model_default_temperature_, &QCheckBox::toggled, this, [this](bool model_default) {
    temperature_->setEnabled(!model_default);
    show_temperature(temperature_->value());
  });
  const double initial = original_.temperature.value_or(1.0);
  temperature_->setValue(static_cast<int>(std::lround(initial * kSliderScale)));
  model_default_temperature_->setChecked(!original_.temperature.has_value());
  temperature_->setEnabled(original_.temperature.has_value());
  show_temperature(temperature_->value());

  auto* row = new QHBoxLayout;
  row->addWidget(temperature_, 1);
  row->addWidget(temperature_value_);
  form->addRow(tr("Temperature"), row);
  form->addRow(QString(), model_default_temperature_);

  max_tokens_ = new QSpinBox(page);
  max_tokens_->setObjectName(QStringLiteral("maxTokens"));
  max_tokens_->setRange(0, 1'000'000);
  max_tokens_->setSingleStep(256);
  max_tokens_->setSpecialValueText(tr("no limit"));  // 0
  max_tokens_->setValue(preferences_.max_tokens.value_or(0));
  max_tokens_->setToolTip(
      tr("The longest answer, in tokens. A local model that never stops otherwise fills its "
         "context. Kept by this window; the command line has --max-tokens."));
  form->addRow(tr("Max tokens"), max_tokens_);

  system_prompt_ = new QPlainTextEdit(QString::fromStdString(original_.system_prompt), page);
  system_prompt_->setObjectName(QStringLiteral("systemPrompt"));
  system_prompt_->setPlaceholderText(tr("Optional instructions sent before every conversation"));
  form->addRow(tr("System prompt"), system_prompt_);

  theme_ = new QComboBox(page);
  theme_->setObjectName(QStringLiteral("themeChoice"));
  theme_->addItem(tr("Follow the desktop"), theme_name(Theme::system));
  theme_->addItem(tr("Dark"), theme_name(Theme::dark));
  theme_->addItem(tr("Light"), theme_name(Theme::light));
  theme_->setCurrentIndex(theme_->findData(theme_name(preferences_.theme)));
  form->addRow(tr("Theme"), theme_);
  return page;
}

WindowPreferences SettingsDialog::preferences() const {
  WindowPreferences chosen;
  chosen.theme = theme_from_name(theme_->currentData().toString());
  if (max_tokens_->value() > 0) chosen.max_tokens = max_tokens_->value();
  return chosen;
}

void SettingsDialog::show_temperature(int slider_value) {
  temperature_value_->setText(model_default_temperature_->isChecked()
                                  ? tr("default")
                                  : QString::number(slider_value / double(kSliderScale), 'f', 2));
}

Settings SettingsDialog::edited() const {
  Settings settings = original_;
  for (const auto& [name, fields] : providers_) {
    ProviderSettings& provider = settings.providers[name];
    provider.api_key = fields.key->text().trimmed().toStdString();
    provider.base_url = fields.base_url->text().trimmed().toStdString();
    // Leave no empty entries behind for providers the user never configured.
    if (provider.api_key.empty() && provider.base_url.empty()) settings.providers.erase(name);
  }
  if (model_default_temperature_->isChecked()) {
    settings.temperature.reset();
  } else {
    settings.temperature = temperature_->value() / double(kSliderScale);
  }
  settings.system_prompt = system_prompt_->toPlainText().toStdString();
  return settings;
}

void SettingsDialog::on_save() {
  for (const auto& [name, fields] : providers_) {
    const std::string url = fields.base_url->text().trimmed().toStdString();
    if (Error error = url.empty() ? Error() : check_base_url(url, "Settings → " + name)) {
      error_->setText(QString::fromStdString(error.message));
      error_->show();
      fields.base_url->setFocus();
      return;
    }
  }
  if (Error error = save_(edited())) {
    error_->setText(QString::fromStdString(error.message));
    error_->show();
    return;
  }
  accept();
}

}  // namespace tinychat::gui
