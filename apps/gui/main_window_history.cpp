// The window's memory: the conversation list, conversations read back from the store, the
// per-message actions, and the window's place kept between runs.

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <algorithm>

#include "answer_numbers.h"
#include "compare_view.h"
#include "conversation_list.h"
#include "main_window.h"
#include "pending_deletion.h"
#include "prompt_edit.h"
#include "store_watcher.h"
#include "theme.h"
#include "transcript_view.h"

namespace tinychat::gui {

namespace {

// How many conversations the list shows; older ones are found by searching.
constexpr std::size_t kListLimit = 2000;

}  // namespace

void MainWindow::connect_history() {
  connect(sidebar_, &ConversationList::open_requested, this, &MainWindow::open_conversation);
  connect(sidebar_, &ConversationList::rename_requested, this, &MainWindow::rename_conversation);
  connect(sidebar_, &ConversationList::delete_requested, this, &MainWindow::delete_conversation);
  connect(sidebar_, &ConversationList::search_changed, this, &MainWindow::show_search);
  connect(transcript_, &TranscriptView::action_requested, this, &MainWindow::on_action);
  connect(undo_, &QPushButton::clicked, this, &MainWindow::undo_delete);
  connect(controller_.get(), &ChatController::store_warning, this,
          [this](const QString& message) { transcript_->add_error(message); });
  connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_B), this), &QShortcut::activated, this,
          &MainWindow::toggle_sidebar);
  for (const QKeySequence& keys :
       {QKeySequence(Qt::CTRL | Qt::Key_K), QKeySequence(QKeySequence::Find)}) {
    connect(new QShortcut(keys, this), &QShortcut::activated, this, [this] {
      sidebar_->setVisible(true);
      sidebar_->search_field()->setFocus();
      sidebar_->search_field()->selectAll();
    });
  }
  connect(new QShortcut(QKeySequence(Qt::Key_F2), this), &QShortcut::activated, sidebar_,
          &ConversationList::rename_current);
  // Text size: Ctrl+= (and Ctrl++, the desktop's zoom keys) larger, Ctrl+- smaller, Ctrl+0 back.
  // (One shortcut per key: two for the same keys would be ambiguous, and neither would fire.)
  for (const QKeySequence& keys :
       {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)}) {
    connect(new QShortcut(keys, this), &QShortcut::activated, this,
            [this] { set_text_size(text_size_ + 1); });
  }
  connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus), this), &QShortcut::activated, this,
          [this] { set_text_size(text_size_ - 1); });
  connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_0), this), &QShortcut::activated, this,
          [this] { set_text_size(default_text_size_); });

  const std::shared_ptr<Store>& store = controller_->store();
  if (!store) {
    sidebar_->setEnabled(false);
    return;
  }
  deletion_ = std::make_unique<PendingDeletion>(
      [store](const std::string& id) { store->delete_conversation(id); }, kUndoDeleteMs);
  connect(deletion_.get(), &PendingDeletion::settled, this, [this] { undo_->setVisible(false); });
  // "5 min ago" ages: the list is read again every minute.
  auto* clock = new QTimer(this);
  connect(clock, &QTimer::timeout, this, &MainWindow::refresh_list);
  clock->start(60'000);
  watcher_ = new StoreWatcher(store, kWatchIntervalMs, this);
  connect(watcher_, &StoreWatcher::changed, this, &MainWindow::check_store);
  refresh_list();
}

void MainWindow::refresh_list() {
  const std::shared_ptr<Store>& store = controller_->store();
  // Not under a rename being typed: filling the list anew would close its editor.
  if (!store || sidebar_->renaming()) return;
  const QString words = sidebar_->search_field()->text().trimmed();
  if (!words.isEmpty()) {
    show_search(words);
    return;
  }
  std::vector<ConversationSummary> conversations;
  if (Error error = store->recent_conversations(kListLimit, conversations)) {
    statusBar()->showMessage(QString::fromStdString(error.message), 8000);
    return;
  }
  if (deletion_ && !deletion_->pending().empty()) {
    std::erase_if(conversations, [this](const ConversationSummary& summary) {
      return summary.id == deletion_->pending();
    });
  }
  sidebar_->show_conversations(conversations,
                               QString::fromStdString(controller_->conversation_id()),
                               QDateTime::currentDateTime());
}

void MainWindow::show_search(const QString& words) {
  const std::shared_ptr<Store>& store = controller_->store();
  if (!store) return;
  if (words.isEmpty()) {
    refresh_list();
    return;
  }
  SearchOptions options;
  options.limit = 500;                 // messages; the list shows each conversation once
  options.last_word_is_prefix = true;  // results while the last word is still being typed
  options.match_start = std::string(1, ConversationList::kMatchStart);
  options.match_end = std::string(1, ConversationList::kMatchEnd);
  std::vector<SearchHit> hits;
  if (Error error = store->search(words.toStdString(), options, hits)) {
    statusBar()->showMessage(QString::fromStdString(error.message), 8000);
    return;
  }
  if (deletion_ && !deletion_->pending().empty()) {
    std::erase_if(
        hits, [this](const SearchHit& hit) { return hit.conversation.id == deletion_->pending(); });
  }
  sidebar_->show_search_results(hits, QString::fromStdString(controller_->conversation_id()));
}

void MainWindow::open_conversation(const QString& id) {
  if (id.isEmpty()) return;
  // The one on screen: nothing to do (a click must not cut its reply short).
  if (id.toStdString() == controller_->conversation_id()) return;
  if (Error error = controller_->open_conversation(id.toStdString())) {
    transcript_->add_error(QString::fromStdString(error.message));
    return;
  }
  cancel_edit();
  compare_models_.clear();  // the conversation opened is shown, with one model
  pages_->setCurrentWidget(transcript_);
  set_streaming(false);
  status_->clear();
  show_branch();
  sidebar_->set_current(id);
  prompt_->setFocus();
}

void MainWindow::show_branch(bool skip_last) {
  std::vector<StoredMessage> branch = controller_->current_branch();
  if (skip_last && !branch.empty()) branch.pop_back();
  transcript_->clear_transcript();
  last_problem_shown_.clear();
  for (const StoredMessage& message : branch) show_stored(message);
  if (!skip_last) {
    remember_seen();
    show_totals();
  }
}

void MainWindow::show_stored(const StoredMessage& message) {
  if (message.role == Role::user) {
    transcript_->add_user_turn(QString::fromStdString(message.text));
  } else if (message.role == Role::assistant) {
    transcript_->begin_reply(QString::fromStdString(message.model));
    transcript_->append_reasoning(QString::fromStdString(message.reasoning));
    transcript_->append_answer(QString::fromStdString(message.text));
    const bool failed = message.status == MessageStatus::failed;
    const QString error =
        failed ? QString::fromStdString(message.error.empty() ? "The reply failed." : message.error)
               : QString();
    transcript_->end_stored_reply(error, message.status == MessageStatus::interrupted ||
                                             message.status == MessageStatus::streaming);
    if (message.status == MessageStatus::complete && cut_short(message.finish_reason)) {
      transcript_->add_notice(
          tr("The answer was cut short (%1).").arg(QString::fromStdString(message.finish_reason)));
    }
  } else {
    return;
  }
  transcript_->add_footer(footer_for(message));
}

TranscriptView::Footer MainWindow::footer_for(const StoredMessage& message) const {
  TranscriptView::Footer footer;
  footer.message_id = QString::fromStdString(message.id);
  footer.prompt = message.role == Role::user;
  footer.can_retry = message.status == MessageStatus::failed;
  footer.can_continue = message.status == MessageStatus::interrupted && !message.text.empty();
  if (!footer.prompt && message.status != MessageStatus::streaming)
    footer.numbers = answer_numbers(message, controller_->prices());
  std::vector<StoredMessage> siblings;
  if (controller_->store() && !controller_->store()->siblings(message.id, siblings)) {
    // Siblings of the same kind only: a prompt's, or an answer's.
    std::erase_if(siblings, [&](const StoredMessage& m) { return m.role != message.role; });
    for (std::size_t i = 0; i < siblings.size(); ++i) {
      if (siblings[i].id != message.id) continue;
      footer.sibling = static_cast<int>(i) + 1;
      footer.siblings = static_cast<int>(siblings.size());
      if (i > 0) footer.previous_sibling = QString::fromStdString(siblings[i - 1].id);
      if (i + 1 < siblings.size()) footer.next_sibling = QString::fromStdString(siblings[i + 1].id);
    }
  }
  return footer;
}

void MainWindow::add_reply_footer() {
  const StoredMessage answer = controller_->stored_message(controller_->reply_answer_id());
  if (!answer.id.empty()) transcript_->add_footer(footer_for(answer));
}

void MainWindow::on_action(const QString& action, const QString& argument) {
  if (action == QLatin1String("copy-code")) {
    QApplication::clipboard()->setText(transcript_->code_block(argument.toInt()));
    statusBar()->showMessage(tr("Code copied."), 3000);
    return;
  }
  const std::string id = argument.toStdString();
  if (action == QLatin1String("copy")) {
    const StoredMessage message = controller_->stored_message(id);
    QApplication::clipboard()->setText(QString::fromStdString(message.text));
    statusBar()->showMessage(tr("Copied (Markdown)."), 3000);
    return;
  }
  if (controller_->streaming()) {
    statusBar()->showMessage(tr("A reply is still streaming: stop it or wait for it."), 5000);
    return;
  }
  Error error;
  if (action == QLatin1String("edit")) {
    start_edit(argument);
  } else if (action == QLatin1String("regenerate") || action == QLatin1String("retry")) {
    error = controller_->regenerate(id);
  } else if (action == QLatin1String("continue")) {
    // The interrupted answer stays as it is; the model is asked to go on from its end.
    error = controller_->switch_to(id);
    if (!error) {
      show_branch();
      error = controller_->send(tr("Continue exactly where your previous answer stopped."));
    }
  } else if (action == QLatin1String("switch")) {
    error = controller_->switch_to(id);
    if (!error) show_branch();
  }
  if (error) {
    transcript_->add_error(QString::fromStdString(error.message));
    return;
  }
  refresh_list();
}

void MainWindow::start_edit(const QString& prompt_id) {
  const StoredMessage prompt = controller_->stored_message(prompt_id.toStdString());
  if (prompt.id.empty()) return;
  editing_id_ = prompt_id;
  // The transcript goes back to where the prompt was sent: the edited one follows from there.
  // Esc brings the rest back.
  std::vector<StoredMessage> branch = controller_->current_branch();
  const auto at = std::find_if(branch.begin(), branch.end(),
                               [&](const StoredMessage& m) { return m.id == prompt.id; });
  if (at != branch.end()) {
    branch.erase(at, branch.end());
    transcript_->clear_transcript();
    for (const StoredMessage& message : branch) show_stored(message);
  }
  prompt_->setPlainText(QString::fromStdString(prompt.text));
  prompt_->setFocus();
  prompt_->moveCursor(QTextCursor::End);
  status_->setText(tr("Editing a prompt: Enter sends it as a new branch, Esc cancels."));
}

void MainWindow::cancel_edit(bool show_again) {
  if (editing_id_.isEmpty()) return;
  editing_id_.clear();
  prompt_->clear();
  status_->clear();
  if (show_again) show_branch();
}

void MainWindow::rename_conversation(const QString& id, const QString& title) {
  if (!controller_->store()) return;
  if (Error error = controller_->store()->set_title(id.toStdString(), title.toStdString())) {
    statusBar()->showMessage(QString::fromStdString(error.message), 8000);
  }
  refresh_list();
}

void MainWindow::delete_conversation(const QString& id) {
  if (!deletion_) return;
  const std::string doomed = id.toStdString();
  if (doomed == controller_->conversation_id()) new_chat();
  deletion_->schedule(doomed);
  refresh_list();
  statusBar()->showMessage(tr("Conversation deleted."), kUndoDeleteMs);
  undo_->setVisible(true);
}

void MainWindow::undo_delete() {
  if (!deletion_) return;
  deletion_->undo();
  statusBar()->clearMessage();
  refresh_list();
}

void MainWindow::show_totals() {
  totals_->setText(conversation_numbers(controller_->current_branch(), controller_->prices()));
}

void MainWindow::remember_seen() {
  seen_updated_ms_ = 0;
  seen_leaf_.clear();
  const std::string id = controller_->conversation_id();
  ConversationSummary summary;
  if (id.empty() || !controller_->store() || controller_->store()->find_conversation(id, summary))
    return;
  seen_updated_ms_ = summary.updated_ms;
  seen_leaf_ = summary.current_leaf_id;
}

void MainWindow::check_store() {
  refresh_list();
  const std::string id = controller_->conversation_id();
  if (id.empty() || controller_->streaming() || !editing_id_.isEmpty()) return;
  ConversationSummary summary;
  if (controller_->store()->find_conversation(id, summary)) {
    // Deleted by another process: what is on screen stays, and the next turn starts anew.
    controller_->new_chat();
    return;
  }
  if (summary.updated_ms == seen_updated_ms_ && summary.current_leaf_id == seen_leaf_) return;
  // Another process added to it (tinychat -c): the next turn follows what it added.
  if (Error error = controller_->reload_conversation()) {
    transcript_->add_error(QString::fromStdString(error.message));
    return;
  }
  show_branch();
}

void MainWindow::set_text_size(qreal points) {
  points = std::clamp<qreal>(points, 6, 40);
  if (points == text_size_) return;
  text_size_ = points;
  transcript_->set_text_size(points);
  compare_view_->set_text_size(points);  // the next comparison's columns
  QFont input = prompt_->font();
  input.setPointSizeF(points);
  prompt_->setFont(input);
  // What is shown is rendered again at the new size; a reply streaming keeps its own until
  // the next turn.
  if (!controller_->streaming() && controller_->recording() &&
      !controller_->conversation_id().empty()) {
    show_branch();
  }
}

void MainWindow::apply_preferences(const WindowPreferences& preferences) {
  const bool restyle = preferences.theme != preferences_.theme;
  preferences_ = preferences;
  controller_->set_max_tokens(preferences.max_tokens);
  QSettings state(QString::fromStdString(window_state_path().string()), QSettings::IniFormat);
  state.setValue(QStringLiteral("theme"), theme_name(preferences.theme));
  state.setValue(QStringLiteral("max_tokens"), preferences.max_tokens.value_or(0));
  if (!restyle) return;
  apply_theme(*qApp, preferences.theme);
  transcript_->set_text_size(text_size_);  // its formats, in the new colours
  if (!controller_->streaming() && controller_->recording()) show_branch();
}

void MainWindow::toggle_sidebar() { sidebar_->setVisible(!sidebar_->isVisible()); }

std::filesystem::path MainWindow::window_state_path() const {
  return window_state_file(controller_->environment());
}

void MainWindow::restore_window_state() {
  QSettings state(QString::fromStdString(window_state_path().string()), QSettings::IniFormat);
  if (const QByteArray geometry = state.value(QStringLiteral("geometry")).toByteArray();
      !geometry.isEmpty()) {
    restoreGeometry(geometry);
  }
  if (const QByteArray sizes = state.value(QStringLiteral("splitter")).toByteArray();
      !sizes.isEmpty()) {
    splitter_->restoreState(sizes);
  }
  sidebar_->setVisible(state.value(QStringLiteral("sidebar"), true).toBool());
  preferences_.theme = theme_from_name(state.value(QStringLiteral("theme")).toString());
  if (const int max_tokens = state.value(QStringLiteral("max_tokens"), 0).toInt(); max_tokens > 0)
    preferences_.max_tokens = max_tokens;
  controller_->set_max_tokens(preferences_.max_tokens);
  default_text_size_ = transcript_->font().pointSizeF();
  text_size_ = default_text_size_;
  set_text_size(state.value(QStringLiteral("text_size"), default_text_size_).toReal());
  const QString last = state.value(QStringLiteral("conversation")).toString();
  if (!last.isEmpty() && controller_->store()) {
    ConversationSummary summary;
    if (!controller_->store()->find_conversation(last.toStdString(), summary))
      open_conversation(last);
  }
}

void MainWindow::save_window_state() const {
  QSettings state(QString::fromStdString(window_state_path().string()), QSettings::IniFormat);
  state.setValue(QStringLiteral("geometry"), saveGeometry());
  state.setValue(QStringLiteral("splitter"), splitter_->saveState());
  state.setValue(QStringLiteral("sidebar"), sidebar_->isVisible());
  state.setValue(QStringLiteral("text_size"), text_size_);
  std::string open = controller_->conversation_id();
  if (deletion_ && open == deletion_->pending()) open.clear();
  state.setValue(QStringLiteral("conversation"), QString::fromStdString(open));
}

}  // namespace tinychat::gui
