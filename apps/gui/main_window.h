#pragma once

#include <QMainWindow>
#include <memory>

#include "chat_controller.h"
#include "gui_environment.h"
#include "settings_dialog.h"
#include "transcript_view.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace tinychat::gui {

class CompareView;
class ConversationList;
class ModelPicker;
class PendingDeletion;
class PromptEdit;
class StoreWatcher;
class TranscriptView;

/// The tinychat window: the conversation list (sidebar), model picker, transcript, input, and
/// New Chat, Export and Settings. Every turn is recorded in the conversation store; the window
/// reopens where it was left (its place is kept in window.ini beside the config file).
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(GuiEnvironment environment, QWidget* parent = nullptr);
  /// Cancels a reply still streaming before any widget goes away.
  ~MainWindow() override;

  ChatController& controller() { return *controller_; }
  TranscriptView& transcript() { return *transcript_; }
  ConversationList& sidebar() { return *sidebar_; }
  CompareView& compare_view() { return *compare_view_; }
  /// How often the store is asked whether another process wrote to it.
  static constexpr int kWatchIntervalMs = 500;
  /// How long a deleted conversation can be brought back.
  static constexpr int kUndoDeleteMs = 8000;

 public slots:
  void send();
  void stop();
  void new_chat();
  /// Opens the save dialog; the file is written when the user accepts it.
  void export_conversation();
  /// Opens the settings dialog; saved settings apply to the next message.
  void open_settings();
  /// Shows the stored conversation `id` (its current branch) and continues it.
  void open_conversation(const QString& id);
  // Compare mode (main_window_compare.cpp).

  /// Opens the dialog that chooses the models to compare (Compare… beside the picker).
  void open_compare_dialog();
  /// Compare mode with these two to four models: the next message goes to all of them and
  /// their answers stream side by side. Fewer than two leaves compare mode.
  void start_comparing(const std::vector<ModelChoice>& models);
  /// Back to one model; the conversation goes on from its current branch (the first model's
  /// answer unless another was chosen).
  void leave_compare();
  /// "Continue with this one": answer `column` becomes the conversation's branch, and the
  /// transcript shows it.
  void continue_with(int column);
  bool comparing() const { return !compare_models_.empty(); }
  /// Shows or hides the conversation list (Ctrl+B).
  void toggle_sidebar();
  /// Reads the list and the open conversation again if another process changed them.
  void check_store();
  /// The transcript's and the input's text size in points (Ctrl+= / Ctrl+- / Ctrl+0); kept
  /// in window.ini, not reset by New Chat.
  void set_text_size(qreal points);
  qreal text_size() const { return text_size_; }
  /// The theme and the max-tokens limit: applied at once and kept in window.ini.
  void apply_preferences(const WindowPreferences& preferences);

 private:
  void build_layout();
  void build_shortcuts();
  void connect_controller();
  void connect_history();
  void restore_window_state();
  void save_window_state() const;
  std::filesystem::path window_state_path() const;
  // History: the sidebar, and the transcript read back from the store (main_window_history.cpp).
  void refresh_list();
  void show_search(const QString& words);
  /// Renders the current branch from the store; `skip_last` leaves out its last message (the
  /// answer about to stream).
  void show_branch(bool skip_last = false);
  void show_stored(const StoredMessage& message);
  TranscriptView::Footer footer_for(const StoredMessage& message) const;
  void add_reply_footer();
  void on_action(const QString& action, const QString& argument);
  void start_edit(const QString& prompt_id);
  /// Ends an edit; `show_again` renders the branch whole again (Esc).
  void cancel_edit(bool show_again = false);
  void rename_conversation(const QString& id, const QString& title);
  void delete_conversation(const QString& id);
  void undo_delete();
  void show_totals();
  void remember_seen();
  void connect_compare();
  void show_conversation();
  void on_reply_started(const QString& prompt, const QString& model);
  void on_reply_finished(const ReplyOutcome& outcome);
  void on_choice_changed(const ModelChoice& choice);
  void set_streaming(bool streaming);
  void update_title();
  /// Says in the transcript which key is missing, once per distinct message.
  void show_selection_problem();

  std::unique_ptr<ChatController> controller_;
  ModelPicker* picker_ = nullptr;
  TranscriptView* transcript_ = nullptr;
  PromptEdit* prompt_ = nullptr;
  QPushButton* send_ = nullptr;
  QPushButton* stop_ = nullptr;
  QPushButton* new_chat_ = nullptr;
  QPushButton* export_ = nullptr;
  QPushButton* settings_ = nullptr;
  QPushButton* compare_ = nullptr;
  QStackedWidget* pages_ = nullptr;  // the transcript, or the compare view
  CompareView* compare_view_ = nullptr;
  std::vector<ModelChoice> compare_models_;  // empty: not in compare mode
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;
  QString last_problem_shown_;
  QSplitter* splitter_ = nullptr;
  ConversationList* sidebar_ = nullptr;
  QPushButton* undo_ = nullptr;
  QLabel* totals_ = nullptr;  // the conversation's tokens, in the status bar
  StoreWatcher* watcher_ = nullptr;
  std::unique_ptr<PendingDeletion> deletion_;
  QString editing_id_;              // the prompt being edited; empty when none
  bool rerender_on_start_ = false;  // a regenerate or an edit: the branch is shown anew
  // The open conversation as last shown: a change by another process shows as a difference.
  std::int64_t seen_updated_ms_ = 0;
  std::string seen_leaf_;
  qreal default_text_size_ = 10;
  qreal text_size_ = 10;
  WindowPreferences preferences_;
};

}  // namespace tinychat::gui
