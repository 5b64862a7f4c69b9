#pragma once

// Helpers for the QTest programs: a window wired to a loopback server on 127.0.0.1, with its
// own config folder and environment, and OpenAI-format streams to replay.

#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gui_environment.h"
#include "support/loopback_server.h"

class QWidget;

namespace tinychat::gui {
class MainWindow;
}

namespace tinychat::gui::testing {

/// The events of an OpenAI chat-completions stream that sends `answer` in these pieces (after
/// `reasoning` pieces as reasoning_content), then a finish reason, usage and [DONE].
std::vector<std::string> openai_events(const std::vector<std::string>& answer,
                                       const std::vector<std::string>& reasoning = {});
/// Those events as one stream.
std::string openai_stream(const std::vector<std::string>& answer,
                          const std::vector<std::string>& reasoning = {});
/// A 200 reply with `stream` that holds back everything after the event containing `shown`
/// until `gate` opens: the test sees a reply stopped mid-way, for as long as it needs.
tinychat::testing::Reply held_after(const std::string& stream, const std::string& shown,
                                    tinychat::testing::Gate gate);
/// `text` cut into pieces of about `size` bytes, never inside a UTF-8 character.
std::vector<std::string> tokens(const std::string& text, std::size_t size);

/// One window under test: a loopback server, a temporary config folder, and a fake
/// environment holding only what the test puts there.
class WindowFixture {
 public:
  /// The window starts on provider `openai` with the server as its base URL (so no key is
  /// needed), model "test-model", unless the test changes `choice` before window().
  WindowFixture();
  ~WindowFixture();

  tinychat::testing::LoopbackServer server;
  QTemporaryDir config_dir;
  std::map<std::string, std::string> env;
  ProviderChoice choice;

  std::filesystem::path config_path() const;
  /// The window's conversation store; its place (window.ini) is beside the config file. Both
  /// outlive close_window(), so that a test can open the window again.
  std::filesystem::path store_path() const;
  /// How many chat requests the server received (model listings aside).
  std::size_t chat_requests() const;
  /// The body of chat request `index`, or "" when there is none.
  std::string chat_request_body(std::size_t index) const;
  /// Writes the config file with `json` before the window opens.
  void write_config(const std::string& json) const;
  /// The window, created on first use and shown.
  MainWindow& window();
  /// Destroys the window (as closing it does).
  void close_window();

 private:
  std::unique_ptr<MainWindow> window_;
};

/// The transcript's plain text, spaces and newlines folded to single spaces.
QString transcript_text(MainWindow& window);
/// Types `text` into the prompt and presses Enter, as a user would.
void type_and_send(MainWindow& window, const QString& text);
/// Waits (bounded) until the transcript shows `text`; true when it did.
bool wait_for_transcript(MainWindow& window, const QString& text, int timeout_ms = 5000);
/// Waits (bounded) until the window has no reply streaming; true when so.
bool wait_until_idle(MainWindow& window, int timeout_ms = 5000);
/// Clicks, with the mouse, the last link in the transcript whose address starts with `href`
/// ("tinychat:regenerate/", "tinychat:copy-code/0"); false when there is none.
bool click_link(MainWindow& window, const QString& href);
/// The addresses of the transcript's links that start with `href`, in order.
QStringList links(MainWindow& window, const QString& href);
/// The child widget of `parent` named `name`, or nullptr.
template <class T>
T* find(QWidget* parent, const QString& name);

}  // namespace tinychat::gui::testing

#include <QWidget>

template <class T>
T* tinychat::gui::testing::find(QWidget* parent, const QString& name) {
  return parent->findChild<T*>(name);
}
