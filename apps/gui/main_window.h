#pragma once

#include <QMainWindow>
#include <memory>

#include "chat_controller.h"
#include "gui_environment.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace tinychat::gui {

class ModelPicker;
class PromptEdit;
class TranscriptView;

/// The tinychat window: model picker, transcript, input, and New Chat, Export and Settings.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(GuiEnvironment environment, QWidget* parent = nullptr);
  /// Cancels a reply still streaming before any widget goes away.
  ~MainWindow() override;

  ChatController& controller() { return *controller_; }
  TranscriptView& transcript() { return *transcript_; }

 public slots:
  void send();
  void stop();
  void new_chat();
  /// Opens the save dialog; the file is written when the user accepts it.
  void export_conversation();
  /// Opens the settings dialog; saved settings apply to the next message.
  void open_settings();

 private:
  void build_layout();
  void connect_controller();
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
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;
  QString last_problem_shown_;
};

}  // namespace tinychat::gui
