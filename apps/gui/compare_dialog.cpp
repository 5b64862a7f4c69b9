#include "compare_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace tinychat::gui {

namespace {

constexpr int kProviderRole = Qt::UserRole + 1;
constexpr int kModelRole = Qt::UserRole + 2;

}  // namespace

CompareDialog::CompareDialog(const std::vector<ModelPicker::Entry>& entries,
                             const std::vector<ModelChoice>& checked, QWidget* parent)
    : QDialog(parent) {
  setObjectName(QStringLiteral("compareDialog"));
  setWindowTitle(tr("Compare Models"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("The next message goes to every model ticked here, and their answers stream side by "
         "side."),
      this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  filter_ = new QLineEdit(this);
  filter_->setObjectName(QStringLiteral("compareFilter"));
  filter_->setPlaceholderText(tr("Type to find a model"));
  filter_->setClearButtonEnabled(true);
  layout->addWidget(filter_);
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("compareModels"));
  for (const ModelPicker::Entry& entry : entries) {
    auto* item = new QListWidgetItem(entry.label, list_);
    item->setData(kProviderRole, QString::fromStdString(entry.choice.provider));
    if (entry.section) {
      item->setFlags(Qt::NoItemFlags);  // a title, not a choice
      QFont bold = item->font();
      bold.setBold(true);
      item->setFont(bold);
      continue;
    }
    item->setData(kModelRole, QString::fromStdString(entry.choice.model));
    item->setToolTip(QString::fromStdString(entry.choice.provider + " · " + entry.choice.model));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    const bool ticked = std::find(checked.begin(), checked.end(), entry.choice) != checked.end();
    item->setCheckState(ticked ? Qt::Checked : Qt::Unchecked);
  }
  layout->addWidget(list_, 1);
  hint_ = new QLabel(this);
  hint_->setObjectName(QStringLiteral("compareHint"));
  layout->addWidget(hint_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Compare"));
  layout->addWidget(buttons_);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(filter_, &QLineEdit::textChanged, this, &CompareDialog::filter);
  connect(list_, &QListWidget::itemChanged, this, &CompareDialog::update_state);
  update_state();
  resize(420, 520);
  filter_->setFocus();
}

void CompareDialog::filter(const QString& text) {
  const QString wanted = text.trimmed();
  // A section title stays while any of its models is shown.
  QListWidgetItem* section = nullptr;
  bool section_shown = false;
  for (int row = 0; row < list_->count(); ++row) {
    QListWidgetItem* item = list_->item(row);
    if (!(item->flags() & Qt::ItemIsUserCheckable)) {
      if (section) section->setHidden(!section_shown);
      section = item;
      section_shown = false;
      continue;
    }
    const bool shown = wanted.isEmpty() || item->text().contains(wanted, Qt::CaseInsensitive) ||
                       item->data(kModelRole).toString().contains(wanted, Qt::CaseInsensitive) ||
                       item->checkState() == Qt::Checked;
    item->setHidden(!shown);
    section_shown = section_shown || shown;
  }
  if (section) section->setHidden(!section_shown);
}

std::vector<ModelChoice> CompareDialog::chosen() const {
  std::vector<ModelChoice> out;
  for (int row = 0; row < list_->count(); ++row) {
    const QListWidgetItem* item = list_->item(row);
    if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState() == Qt::Checked) {
      out.push_back({item->data(kProviderRole).toString().toStdString(),
                     item->data(kModelRole).toString().toStdString()});
    }
  }
  return out;
}

void CompareDialog::update_state() {
  const std::size_t count = chosen().size();
  const bool ok = count >= 2 && count <= ChatController::kMaxCompared;
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
  if (count > ChatController::kMaxCompared) {
    hint_->setText(tr("%1 models ticked: four at most.").arg(count));
  } else if (count < 2) {
    hint_->setText(tr("Tick two to four models."));
  } else {
    hint_->setText(tr("%1 models ticked.").arg(count));
  }
}

}  // namespace tinychat::gui
