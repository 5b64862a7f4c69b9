#pragma once

#include <QDialog>
#include <vector>

#include "chat_controller.h"
#include "model_picker.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace tinychat::gui {

/// Chooses the models of Compare mode: the model picker's list with a checkbox on each model
/// (section titles cannot be checked) and a field that filters it. OK needs two to four models.
class CompareDialog : public QDialog {
  Q_OBJECT

 public:
  /// `checked`: the models ticked at first (the comparison in use, else the current model).
  CompareDialog(const std::vector<ModelPicker::Entry>& entries,
                const std::vector<ModelChoice>& checked, QWidget* parent = nullptr);

  /// The models ticked, in the list's order.
  std::vector<ModelChoice> chosen() const;

 private:
  void filter(const QString& text);
  void update_state();

  QLineEdit* filter_ = nullptr;
  QListWidget* list_ = nullptr;
  QLabel* hint_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace tinychat::gui
