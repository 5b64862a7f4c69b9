#include "model_picker.h"

#include <QCompleter>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QStringList>

#include "qt_text.h"
#include "tinychat/model_catalog.h"
#include "tinychat/provider_registry.h"

namespace tinychat::gui {

namespace {

constexpr int kProviderRole = Qt::UserRole + 1;
constexpr int kModelRole = Qt::UserRole + 2;
constexpr int kSectionRole = Qt::UserRole + 3;

QString provider_title(std::string_view name) {
  if (name == "openai") return QStringLiteral("OpenAI");
  if (name == "anthropic") return QStringLiteral("Anthropic");
  if (name == "mistral") return QStringLiteral("Mistral");
  if (name == "together") return QStringLiteral("Together");
  if (name == "gemini") return QStringLiteral("Google Gemini");
  if (name == "cohere") return QStringLiteral("Cohere");
  return to_qstring(name);
}

}  // namespace

ModelPicker::ModelPicker(QWidget* parent)
    : QComboBox(parent), model_(new QStandardItemModel(this)) {
  setObjectName(QStringLiteral("modelPicker"));
  setModel(model_);
  setMaxVisibleItems(24);
  setSizeAdjustPolicy(QComboBox::AdjustToContents);
  setMinimumContentsLength(24);
  connect(this, &QComboBox::currentIndexChanged, this,
          [this] { emit choice_changed(current_choice()); });
  // Type to filter: any model whose name holds the typed text, in a list under the field.
  setEditable(true);
  setInsertPolicy(QComboBox::NoInsert);
  lineEdit()->setPlaceholderText(tr("Type to find a model"));
  completer()->setCompletionMode(QCompleter::PopupCompletion);
  completer()->setFilterMode(Qt::MatchContains);
  completer()->setCaseSensitivity(Qt::CaseInsensitive);
}

void ModelPicker::populate(const Settings& settings, const StatusOf& status_of) {
  const ModelChoice keep = current_choice();
  const QSignalBlocker quiet(this);
  model_->clear();
  for (const BuiltinProvider& provider : builtin_providers()) {
    const QString name = to_qstring(provider.name);
    const ProviderStatus status =
        status_of ? status_of(std::string(provider.name)) : ProviderStatus{};
    QString title = provider_title(provider.name);
    if (status.own_server) title += tr(" (your server)");
    if (!status.has_key) title += tr(" — no key");
    add_section(name, title);
    // A server of the user's own serves what it has loaded, not the provider's catalog: its
    // live list fills the section.
    if (status.own_server) continue;
    for (const CatalogModel& model : catalog_models(provider.name)) {
      insert_model(model_->rowCount(), name, to_qstring(model.id), to_qstring(model.label));
      if (!status.has_key)
        model_->item(model_->rowCount() - 1)
            ->setForeground(palette().color(QPalette::PlaceholderText));
    }
  }
  for (const EndpointSettings& endpoint : settings.endpoints) {
    const QString name = QString::fromStdString(endpoint.name);
    add_section(name, name);
    for (const std::string& model : endpoint.models) {
      const QString id = QString::fromStdString(model);
      insert_model(model_->rowCount(), name, id, id);
    }
  }
  if (!keep.provider.empty()) choose(keep);
}

void ModelPicker::add_section(const QString& provider, const QString& title) {
  auto* item = new QStandardItem(title);
  item->setFlags(Qt::NoItemFlags);  // a title, not a choice
  QFont bold = font();
  bold.setBold(true);
  item->setFont(bold);
  item->setData(provider, kProviderRole);
  item->setData(true, kSectionRole);
  model_->appendRow(item);
}

void ModelPicker::insert_model(int row, const QString& provider, const QString& model,
                               const QString& label) {
  auto* item = new QStandardItem(label.isEmpty() ? model : label);
  item->setToolTip(provider + QStringLiteral(" · ") + model);
  item->setData(provider, kProviderRole);
  item->setData(model, kModelRole);
  model_->insertRow(row, item);
}

int ModelPicker::section_end(const QString& provider) const {
  int end = -1;
  for (int row = 0; row < model_->rowCount(); ++row) {
    if (model_->item(row)->data(kProviderRole).toString() == provider) end = row + 1;
  }
  return end;
}

int ModelPicker::find(const ModelChoice& choice) const {
  const QString provider = QString::fromStdString(choice.provider);
  const QString id = QString::fromStdString(choice.model);
  for (int row = 0; row < model_->rowCount(); ++row) {
    const QStandardItem* item = model_->item(row);
    if (item->data(kProviderRole).toString() == provider && item->data(kModelRole).toString() == id)
      return row;
  }
  return -1;
}

bool ModelPicker::lists(const ModelChoice& choice) const { return find(choice) >= 0; }

void ModelPicker::add_live_models(const QString& provider, const std::vector<ModelInfo>& models) {
  const QSignalBlocker quiet(this);  // the choice itself does not change
  int end = section_end(provider);
  if (end < 0) {
    add_section(provider, provider_title(provider.toStdString()));
    end = model_->rowCount();
  }
  for (const ModelInfo& info : models) {
    const ModelChoice choice{provider.toStdString(), info.id};
    if (lists(choice)) continue;
    insert_model(end++, provider, QString::fromStdString(info.id),
                 QString::fromStdString(info.display_name));
  }
}

void ModelPicker::choose(const ModelChoice& choice) {
  int row = find(choice);
  if (row < 0) {
    const QString provider = QString::fromStdString(choice.provider);
    int end = section_end(provider);
    if (end < 0) {
      add_section(provider, provider_title(choice.provider));
      end = model_->rowCount();
    }
    const QString id = QString::fromStdString(choice.model);
    insert_model(end, provider, id, id);
    row = end;
  }
  setCurrentIndex(row);
}

std::vector<ModelPicker::Entry> ModelPicker::entries() const {
  std::vector<Entry> out;
  for (int row = 0; row < model_->rowCount(); ++row) {
    const QStandardItem* item = model_->item(row);
    out.push_back({{item->data(kProviderRole).toString().toStdString(),
                    item->data(kModelRole).toString().toStdString()},
                   item->text(),
                   item->data(kSectionRole).toBool()});
  }
  return out;
}

ModelChoice ModelPicker::current_choice() const {
  const QStandardItem* item = currentIndex() >= 0 ? model_->item(currentIndex()) : nullptr;
  if (!item || item->data(kSectionRole).toBool()) return {};
  return {item->data(kProviderRole).toString().toStdString(),
          item->data(kModelRole).toString().toStdString()};
}

}  // namespace tinychat::gui
