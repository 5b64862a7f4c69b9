#pragma once

#include <QComboBox>
#include <functional>
#include <vector>

#include "chat_controller.h"
#include "tinychat/model_list.h"
#include "tinychat/settings.h"

class QStandardItem;
class QStandardItemModel;

namespace tinychat::gui {

/// The model picker: a section per provider (the built-in ones with tinychat's catalog, then
/// the config file's endpoints with their models), to which each provider's live list adds the
/// models the catalog lacks. Section titles cannot be chosen. A provider without a key is marked
/// in its title; one reached through a server of the user's own lists that server's models only.
/// Typing filters: the field completes any model whose name contains what was typed.
class ModelPicker : public QComboBox {
  Q_OBJECT

 public:
  explicit ModelPicker(QWidget* parent = nullptr);

  using StatusOf = std::function<ProviderStatus(const std::string& provider)>;
  /// Fills the catalog and the endpoints of `settings`, keeping the current choice.
  void populate(const Settings& settings, const StatusOf& status_of = {});
  /// Adds what `provider`'s live list has that the picker lacks, at the end of its section.
  void add_live_models(const QString& provider, const std::vector<ModelInfo>& models);
  /// Chooses this model, adding it to its provider's section if it is not listed.
  void choose(const ModelChoice& choice);
  ModelChoice current_choice() const;
  /// Whether `provider` lists `model`.
  bool lists(const ModelChoice& choice) const;

  /// One row of the list: a provider's section title, or one of its models.
  struct Entry {
    ModelChoice choice;  ///< The provider alone for a section title.
    QString label;
    bool section = false;
  };
  /// Every row, in order: what the Compare dialog offers.
  std::vector<Entry> entries() const;

 signals:
  void choice_changed(const tinychat::gui::ModelChoice& choice);

 private:
  int section_end(const QString& provider) const;  // the row after the section's last model
  int find(const ModelChoice& choice) const;
  void add_section(const QString& provider, const QString& title);
  void insert_model(int row, const QString& provider, const QString& model, const QString& label);

  QStandardItemModel* model_;
};

}  // namespace tinychat::gui
