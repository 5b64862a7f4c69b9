#include "main_window.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>

#include "answer_numbers.h"
#include "compare_view.h"
#include "conversation_export.h"
#include "conversation_list.h"
#include "model_picker.h"
#include "pending_deletion.h"
#include "prompt_edit.h"
#include "qt_text.h"
#include "settings_dialog.h"
#include "store_watcher.h"
#include "tinychat/version.h"
#include "transcript_view.h"

namespace tinychat::gui {

namespace {

QString usage_text(const Usage& usage) {
  if (usage.empty()) return {};
  QString text =
      QObject::tr("%1 tokens in, %2 out")
          .arg(usage.input_tokens < 0 ? QStringLiteral("?") : QString::number(usage.input_tokens))
          .arg(usage.output_tokens < 0 ? QStringLiteral("?")
                                       : QString::number(usage.output_tokens));
  if (usage.reasoning_tokens > 0)
    text += QObject::tr(" (%1 reasoning)").arg(usage.reasoning_tokens);
  return text;
}

// Why a message cannot go out; a missing key can also be entered in Settings.
QString problem_text(const Error& error) {
  QString text = to_qstring(error.message);
  if (error.code == ErrorCode::missing_key) text += QObject::tr(", or enter it in Settings.");
  return text;
}

QPushButton* make_button(const QString& text, const QString& name, QWidget* parent) {
  auto* button = new QPushButton(text, parent);
  button->setObjectName(name);
  return button;
}

}  // namespace

MainWindow::MainWindow(GuiEnvironment environment, QWidget* parent)
    : QMainWindow(parent), controller_(std::make_unique<ChatController>(std::move(environment))) {
  setObjectName(QStringLiteral("mainWindow"));
  build_layout();
  connect_controller();
  picker_->populate(controller_->settings(), [this](const std::string& provider) {
    return controller_->provider_status(provider);
  });
  picker_->choose(controller_->selection());
  connect(picker_, &ModelPicker::choice_changed, this, &MainWindow::on_choice_changed);
  update_title();

  if (const Error& error = controller_->settings_error()) {
    transcript_->add_error(QString::fromStdString(error.message) +
                           tr(" The settings in that file are not used until it is fixed."));
  }
  if (const Error& error = controller_->ca_error()) {
    transcript_->add_error(QString::fromStdString(error.message) +
                           tr(" The system's certificates are used until it is fixed."));
  }
  if (const Error& error = controller_->store_error()) {
    transcript_->add_notice(QString::fromStdString(error.message) +
                            tr(" This chat works, unrecorded."));
  }
  show_selection_problem();
  set_streaming(false);
  connect_history();
  restore_window_state();
  prompt_->setFocus();
  controller_->fetch_live_models();
}

MainWindow::~MainWindow() {
  save_window_state();
  deletion_.reset();  // a deletion still waiting for its Undo is carried out
  // First, while every widget is still here: ends the reply and waits for its callbacks.
  controller_.reset();
}

void MainWindow::build_layout() {
  splitter_ = new QSplitter(Qt::Horizontal, this);
  splitter_->setObjectName(QStringLiteral("splitter"));
  splitter_->setChildrenCollapsible(false);
  sidebar_ = new ConversationList(splitter_);
  auto* central = new QWidget(splitter_);
  auto* column = new QVBoxLayout(central);

  auto* top = new QHBoxLayout;
  auto* model_label = new QLabel(tr("Model"), central);
  picker_ = new ModelPicker(central);
  model_label->setBuddy(picker_);
  new_chat_ = make_button(tr("New Chat"), QStringLiteral("newChatButton"), central);
  export_ = make_button(tr("Export Conversation…"), QStringLiteral("exportButton"), central);
  settings_ = make_button(tr("Settings…"), QStringLiteral("settingsButton"), central);
  compare_ = make_button(tr("Compare…"), QStringLiteral("compareButton"), central);
  compare_->setToolTip(
      tr("Send the next message to two to four models and see their answers "
         "side by side"));
  top->addWidget(model_label);
  top->addWidget(picker_);
  top->addWidget(compare_);
  top->addStretch(1);
  top->addWidget(new_chat_);
  top->addWidget(export_);
  top->addWidget(settings_);
  column->addLayout(top);

  pages_ = new QStackedWidget(central);
  transcript_ = new TranscriptView(pages_);
  compare_view_ = new CompareView(pages_);
  pages_->addWidget(transcript_);
  pages_->addWidget(compare_view_);
  column->addWidget(pages_, 1);

  auto* bottom = new QHBoxLayout;
  prompt_ = new PromptEdit(central);
  auto* buttons = new QVBoxLayout;
  send_ = make_button(tr("Send"), QStringLiteral("sendButton"), central);
  stop_ = make_button(tr("Stop"), QStringLiteral("stopButton"), central);
  send_->setToolTip(tr("Send (Enter)"));
  stop_->setToolTip(tr("Stop the reply and keep what arrived (Esc)"));
  buttons->addWidget(send_);
  buttons->addWidget(stop_);
  buttons->addStretch(1);
  bottom->addWidget(prompt_, 1);
  bottom->addLayout(buttons);
  column->addLayout(bottom);
  splitter_->addWidget(sidebar_);
  splitter_->addWidget(central);
  splitter_->setStretchFactor(1, 1);
  splitter_->setSizes({240, 740});
  setCentralWidget(splitter_);

  progress_ = new QProgressBar(this);
  progress_->setObjectName(QStringLiteral("replyProgress"));
  progress_->setRange(0, 0);  // busy: a reply's length is unknown
  progress_->setTextVisible(false);
  progress_->setMaximumWidth(160);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("statusLabel"));
  statusBar()->addWidget(progress_);
  statusBar()->addWidget(status_, 1);
  totals_ = new QLabel(this);
  totals_->setObjectName(QStringLiteral("conversationTotals"));
  statusBar()->addPermanentWidget(totals_);
  undo_ = make_button(tr("Undo"), QStringLiteral("undoDeleteButton"), this);
  undo_->setVisible(false);
  statusBar()->addPermanentWidget(undo_);

  connect(send_, &QPushButton::clicked, this, &MainWindow::send);
  connect(prompt_, &PromptEdit::submitted, this, &MainWindow::send);
  connect(stop_, &QPushButton::clicked, this, &MainWindow::stop);
  connect(new_chat_, &QPushButton::clicked, this, &MainWindow::new_chat);
  connect(export_, &QPushButton::clicked, this, &MainWindow::export_conversation);
  connect(settings_, &QPushButton::clicked, this, &MainWindow::open_settings);
  connect(compare_, &QPushButton::clicked, this, &MainWindow::open_compare_dialog);
  connect(new QShortcut(QKeySequence(Qt::Key_Escape), this), &QShortcut::activated, this, [this] {
    if (sidebar_->search_field()->hasFocus() && !sidebar_->search_field()->text().isEmpty()) {
      sidebar_->search_field()->clear();
    } else if (!editing_id_.isEmpty() && !controller_->streaming()) {
      cancel_edit(true);
    } else {
      stop();
    }
  });
  connect(new QShortcut(QKeySequence::New, this), &QShortcut::activated, this,
          &MainWindow::new_chat);
  connect(new QShortcut(QKeySequence::Save, this), &QShortcut::activated, this,
          &MainWindow::export_conversation);
  connect(new QShortcut(QKeySequence::Preferences, this), &QShortcut::activated, this,
          &MainWindow::open_settings);
  resize(980, 760);
}

void MainWindow::connect_controller() {
  ChatController* c = controller_.get();
  connect(c, &ChatController::reply_started, this, &MainWindow::on_reply_started);
  connect(c, &ChatController::answer_arrived, transcript_, &TranscriptView::append_answer);
  connect(c, &ChatController::reasoning_arrived, transcript_, &TranscriptView::append_reasoning);
  connect(c, &ChatController::reply_finished, this, &MainWindow::on_reply_finished);
  connect(c, &ChatController::retrying, status_, &QLabel::setText);
  connect(c, &ChatController::models_listed, picker_, &ModelPicker::add_live_models);
  connect_compare();
  connect(c, &ChatController::models_unavailable, this,
          [this](const QString& provider, const QString& message) {
            statusBar()->showMessage(tr("No model list from %1: %2").arg(provider, message), 8000);
          });
}

void MainWindow::send() {
  const QString text = prompt_->toPlainText();
  if (text.trimmed().isEmpty() || controller_->streaming()) return;
  if (comparing() && editing_id_.isEmpty()) {
    if (Error error = controller_->compare(text, compare_models_)) {
      compare_view_->set_notice(problem_text(error));  // nothing went out: the text stays
      return;
    }
    prompt_->clear();
    return;
  }
  const QString editing = std::exchange(editing_id_, {});
  rerender_on_start_ = !editing.isEmpty();
  const Error sent =
      editing.isEmpty() ? controller_->send(text) : controller_->edit(editing.toStdString(), text);
  rerender_on_start_ = false;
  if (Error error = sent) {
    // Nothing went out: the text stays in the input (still an edit, if it was one), and the
    // transcript says why.
    if (!editing.isEmpty()) {
      editing_id_ = editing;
      show_branch();
    }
    if (error.code == ErrorCode::missing_key) {
      transcript_->add_notice(problem_text(error));
    } else {
      transcript_->add_error(problem_text(error));
    }
    return;
  }
  prompt_->clear();
}

void MainWindow::on_reply_started(const QString& prompt, const QString& model) {
  if (rerender_on_start_ || prompt.isEmpty()) {
    // A regenerated answer or an edited prompt: the branch it belongs to, read back, with the
    // switcher that now counts one more sibling.
    show_branch(true);
  } else {
    transcript_->add_user_turn(prompt);
    const StoredMessage stored = controller_->stored_message(controller_->reply_prompt_id());
    if (!stored.id.empty()) transcript_->add_footer(footer_for(stored));
  }
  transcript_->begin_reply(model);
  refresh_list();
  set_streaming(true);
  status_->setText(tr("Streaming %1 from %2…")
                       .arg(model, QString::fromStdString(controller_->selection().provider)));
}

void MainWindow::on_reply_finished(const ReplyOutcome& outcome) {
  transcript_->end_reply(outcome.error, outcome.stopped);
  if (outcome.error.isEmpty() && !outcome.stopped && cut_short(outcome.finish_reason)) {
    transcript_->add_notice(
        tr("The answer was cut short (%1).").arg(QString::fromStdString(outcome.finish_reason)));
  }
  set_streaming(false);
  status_->setText(usage_text(outcome.usage));
  add_reply_footer();
  refresh_list();
  remember_seen();
  show_totals();
  prompt_->setFocus();
}

void MainWindow::stop() { controller_->stop(); }

void MainWindow::new_chat() {
  // What was said is in the store (a reply cut off mid-way too, marked interrupted): New Chat
  // only starts another conversation.
  controller_->new_chat();
  cancel_edit();
  if (comparing()) start_comparing(compare_models_);  // empty columns for the next message
  transcript_->clear_transcript();
  sidebar_->set_current({});
  totals_->clear();
  seen_updated_ms_ = 0;
  seen_leaf_.clear();
  last_problem_shown_.clear();
  set_streaming(false);
  status_->clear();
  show_selection_problem();
  prompt_->setFocus();
}

void MainWindow::set_streaming(bool streaming) {
  send_->setEnabled(!streaming);
  stop_->setEnabled(streaming);
  progress_->setVisible(streaming);
}

void MainWindow::on_choice_changed(const ModelChoice& choice) {
  if (choice.provider.empty()) return;
  controller_->select(choice);
  update_title();
  show_selection_problem();
}

void MainWindow::update_title() {
  const std::string model = controller_->selection().model;
  setWindowTitle(
      QStringLiteral("tinychat %1").arg(QString::fromUtf8(kVersion)) +
      (model.empty() ? QString() : QStringLiteral(" — ") + QString::fromStdString(model)));
}

void MainWindow::show_selection_problem() {
  const Error error = controller_->check_selection();
  if (!error) {
    last_problem_shown_.clear();
    return;
  }
  const QString message = problem_text(error);
  if (message == last_problem_shown_) return;
  last_problem_shown_ = message;
  transcript_->add_notice(message);
}

void MainWindow::export_conversation() {
  auto* dialog = new QFileDialog(this, tr("Export Conversation"));
  dialog->setObjectName(QStringLiteral("exportDialog"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  // Qt's own dialog on every desktop: the same behaviour everywhere, and testable.
  dialog->setOption(QFileDialog::DontUseNativeDialog);
  dialog->setNameFilters(export_name_filters());
  dialog->setDefaultSuffix(export_suffix(ExportFormat::text));
  QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  if (folder.isEmpty() || !QDir(folder).exists()) folder = QDir::homePath();
  dialog->setDirectory(folder);
  dialog->selectFile(QStringLiteral("conversation.txt"));
  connect(dialog, &QFileDialog::filterSelected, dialog, [dialog](const QString& filter) {
    dialog->setDefaultSuffix(export_suffix(export_format_for_filter(filter)));
  });
  connect(dialog, &QFileDialog::fileSelected, this, [this, dialog](const QString& path) {
    const ExportFormat chosen = export_format_for_filter(dialog->selectedNameFilter());
    // The dialog has added the chosen type's suffix to a name typed without one.
    const ExportFormat format = export_format_for_file(path, chosen);
    if (const QString error = write_export(controller_->history(), format, path);
        !error.isEmpty()) {
      transcript_->add_error(error);
    } else {
      statusBar()->showMessage(tr("Exported to %1").arg(path), 8000);
    }
  });
  dialog->open();
}

void MainWindow::open_settings() {
  auto* dialog = new SettingsDialog(
      controller_->settings(), controller_->environment().env,
      [this](const Settings& settings) { return controller_->save_settings(settings); }, this,
      preferences_);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    apply_preferences(dialog->preferences());
    picker_->populate(controller_->settings(), [this](const std::string& provider) {
      return controller_->provider_status(provider);
    });
    statusBar()->showMessage(
        tr("Settings saved to %1")
            .arg(QString::fromStdString(controller_->environment().config_path.string())),
        8000);
    last_problem_shown_.clear();
    if (!controller_->check_selection())
      transcript_->add_notice(tr("Settings saved: the next message uses them."));
    else
      show_selection_problem();
  });
  dialog->open();
}

}  // namespace tinychat::gui
