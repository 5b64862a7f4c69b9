// Compare mode in the window: the models chosen in the Compare dialog each answer the next
// message, side by side; "Continue with this one" makes an answer the conversation's branch.

#include <QLabel>
#include <QStackedWidget>
#include <QStatusBar>

#include "compare_dialog.h"
#include "compare_view.h"
#include "main_window.h"
#include "model_picker.h"
#include "prompt_edit.h"
#include "transcript_view.h"

namespace tinychat::gui {

void MainWindow::connect_compare() {
  ChatController* c = controller_.get();
  connect(
      c, &ChatController::compare_started, this,
      [this](const QString& prompt, const QStringList& models) {
        compare_view_->begin(prompt, models);
        refresh_list();
        set_streaming(true);
        status_->setText(tr("Streaming the answers of %1…").arg(models.join(QStringLiteral(", "))));
      });
  connect(c, &ChatController::compared_answer_arrived, compare_view_, &CompareView::append_answer);
  connect(c, &ChatController::compared_reasoning_arrived, compare_view_,
          &CompareView::append_reasoning);
  connect(c, &ChatController::compared_reply_finished, compare_view_, &CompareView::end_answer);
  connect(c, &ChatController::compare_finished, this, [this] {
    compare_view_->set_finished(true);
    set_streaming(false);
    status_->setText(
        tr("Continue with one of the answers, or send the next message to all the models (it "
           "follows the first answer)."));
    refresh_list();
    remember_seen();
    show_totals();
    prompt_->setFocus();
  });
  connect(compare_view_, &CompareView::continue_requested, this, &MainWindow::continue_with);
  connect(compare_view_, &CompareView::leave_requested, this, &MainWindow::leave_compare);
}

void MainWindow::open_compare_dialog() {
  std::vector<ModelChoice> checked = compare_models_;
  if (checked.empty()) checked.push_back(controller_->selection());
  auto* dialog = new CompareDialog(picker_->entries(), checked, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] { start_comparing(dialog->chosen()); });
  dialog->open();
}

void MainWindow::start_comparing(const std::vector<ModelChoice>& models) {
  if (models.size() < 2) {
    leave_compare();
    return;
  }
  if (controller_->streaming()) {
    statusBar()->showMessage(tr("A reply is still streaming: stop it or wait for it."), 5000);
    return;
  }
  cancel_edit();
  compare_models_ = models;
  if (compare_models_.size() > ChatController::kMaxCompared)
    compare_models_.resize(ChatController::kMaxCompared);
  QStringList names;
  for (const ModelChoice& model : compare_models_) names << QString::fromStdString(model.model);
  compare_view_->set_models(names);
  pages_->setCurrentWidget(compare_view_);
  status_->setText(tr("Compare mode: the next message goes to %1 models.").arg(names.size()));
  prompt_->setFocus();
}

void MainWindow::leave_compare() {
  if (controller_->streaming()) return;
  const bool was_comparing = comparing() || pages_->currentWidget() == compare_view_;
  compare_models_.clear();
  pages_->setCurrentWidget(transcript_);
  if (was_comparing) show_conversation();
  status_->clear();
  prompt_->setFocus();
}

void MainWindow::continue_with(int column) {
  if (column < 0) return;
  if (Error error = controller_->choose_compared(static_cast<std::size_t>(column))) {
    compare_view_->set_notice(QString::fromStdString(error.message));
    return;
  }
  compare_models_.clear();
  pages_->setCurrentWidget(transcript_);
  show_conversation();
  refresh_list();
  status_->clear();
  prompt_->setFocus();
}

void MainWindow::show_conversation() {
  if (controller_->recording()) {
    show_branch();
    return;
  }
  // Unrecorded: the history is all there is to show.
  transcript_->clear_transcript();
  for (const Message& message : controller_->history()) {
    if (message.role == Role::user) {
      transcript_->add_user_turn(QString::fromStdString(message.content));
    } else if (message.role == Role::assistant) {
      transcript_->begin_reply({});
      transcript_->append_reasoning(QString::fromStdString(message.reasoning));
      transcript_->append_answer(QString::fromStdString(message.content));
      transcript_->end_stored_reply({}, message.interrupted);
    }
  }
}

}  // namespace tinychat::gui
