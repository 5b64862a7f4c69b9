#include "gui_test_support.h"

#include <QPushButton>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <fstream>
#include <nlohmann/json.hpp>

#include "chat_controller.h"
#include "main_window.h"
#include "prompt_edit.h"
#include "transcript_view.h"

namespace tinychat::gui::testing {

using tinychat::testing::Reply;

namespace {

std::string event(const nlohmann::json& chunk) { return "data: " + chunk.dump() + "\n\n"; }

nlohmann::json delta_chunk(const nlohmann::json& delta, const nlohmann::json& finish = nullptr) {
  return {{"id", "chatcmpl-gui"},
          {"object", "chat.completion.chunk"},
          {"model", "test-model"},
          {"choices", {{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}};
}

}  // namespace

std::vector<std::string> openai_events(const std::vector<std::string>& answer,
                                       const std::vector<std::string>& reasoning) {
  std::vector<std::string> events{event(delta_chunk({{"role", "assistant"}, {"content", ""}}))};
  for (const std::string& piece : reasoning)
    events.push_back(event(delta_chunk({{"reasoning_content", piece}})));
  for (const std::string& piece : answer)
    events.push_back(event(delta_chunk({{"content", piece}})));
  events.push_back(event(delta_chunk(nlohmann::json::object(), "stop")));
  events.push_back(
      event({{"id", "chatcmpl-gui"},
             {"object", "chat.completion.chunk"},
             {"choices", nlohmann::json::array()},
             {"usage", {{"prompt_tokens", 12}, {"completion_tokens", 34}, {"total_tokens", 46}}}}));
  events.push_back("data: [DONE]\n\n");
  return events;
}

std::string openai_stream(const std::vector<std::string>& answer,
                          const std::vector<std::string>& reasoning) {
  std::string out;
  for (const std::string& one : openai_events(answer, reasoning)) out += one;
  return out;
}

Reply held_after(const std::string& stream, const std::string& shown,
                 tinychat::testing::Gate gate) {
  const std::size_t at = stream.find(shown);
  const std::size_t cut = at == std::string::npos ? stream.size() : stream.find("data: {", at);
  return Reply::stream({stream.substr(0, cut), stream.substr(std::min(cut, stream.size()))})
      .with_gate_before(1, std::move(gate));
}

std::vector<std::string> tokens(const std::string& text, std::size_t size) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + size);
    // Never cut a UTF-8 character: the API sends whole characters in each JSON string.
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    out.push_back(text.substr(start, end - start));
    start = end;
  }
  return out;
}

WindowFixture::WindowFixture() : choice{"openai", "test-model", server.url("/v1")} {
  // The window asks for the live model list as it opens; a route answers it, so that the
  // queued replies are left for the chat requests.
  server.route("/v1/models", Reply::json(200, R"({"object":"list","data":[{"id":"test-model"},)"
                                              R"({"id":"live-model-from-server"}]})"));
}

std::size_t WindowFixture::chat_requests() const {
  std::size_t count = 0;
  for (const auto& request : server.requests()) count += request.path() == "/v1/chat/completions";
  return count;
}

std::string WindowFixture::chat_request_body(std::size_t index) const {
  for (const auto& request : server.requests()) {
    if (request.path() != "/v1/chat/completions") continue;
    if (index-- == 0) return request.body;
  }
  return {};
}

WindowFixture::~WindowFixture() { close_window(); }

std::filesystem::path WindowFixture::store_path() const {
  return std::filesystem::path(config_dir.path().toStdString()) / "tinychat.db";
}

std::filesystem::path WindowFixture::config_path() const {
  return std::filesystem::path(config_dir.path().toStdString()) / "tinychat" / "config.json";
}

void WindowFixture::write_config(const std::string& json) const {
  std::filesystem::create_directories(config_path().parent_path());
  std::ofstream(config_path()) << json;
  std::filesystem::permissions(
      config_path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

MainWindow& WindowFixture::window() {
  if (!window_) {
    GuiEnvironment environment;
    environment.choice = choice;
    environment.env = [vars = env](std::string_view name) -> std::optional<std::string> {
      const auto found = vars.find(std::string(name));
      if (found == vars.end()) return std::nullopt;
      return found->second;
    };
    environment.config_path = config_path();
    environment.store_path = store_path();
    environment.http.connect_timeout = std::chrono::seconds(5);
    environment.http.idle_timeout = std::chrono::seconds(10);
    window_ = std::make_unique<MainWindow>(std::move(environment));
    window_->show();
    if (!QTest::qWaitForWindowExposed(window_.get())) qWarning("window not exposed");
  }
  return *window_;
}

void WindowFixture::close_window() { window_.reset(); }

QString transcript_text(MainWindow& window) {
  return window.transcript().toPlainText().simplified();
}

void type_and_send(MainWindow& window, const QString& text) {
  auto* prompt = window.findChild<PromptEdit*>(QStringLiteral("prompt"));
  prompt->setFocus();
  QTest::keyClicks(prompt, text);
  QTest::keyClick(prompt, Qt::Key_Return);
}

bool wait_for_transcript(MainWindow& window, const QString& text, int timeout_ms) {
  const QString wanted = text.simplified();
  return QTest::qWaitFor([&] { return transcript_text(window).contains(wanted); }, timeout_ms);
}

namespace {

struct LinkAt {
  QString href;
  int position = 0;  // of the link's middle character
};

std::vector<LinkAt> find_links(MainWindow& window, const QString& href) {
  window.transcript().settle();
  std::vector<LinkAt> found;
  QTextDocument* document = window.transcript().document();
  for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
    for (auto it = block.begin(); !it.atEnd(); ++it) {
      const QTextFragment fragment = it.fragment();
      const QString address = fragment.charFormat().anchorHref();
      if (fragment.charFormat().isAnchor() && address.startsWith(href))
        found.push_back({address, fragment.position() + fragment.length() / 2});
    }
  }
  return found;
}

}  // namespace

QStringList links(MainWindow& window, const QString& href) {
  QStringList out;
  for (const LinkAt& link : find_links(window, href)) out << link.href;
  return out;
}

bool click_link(MainWindow& window, const QString& href) {
  const std::vector<LinkAt> found = find_links(window, href);
  if (found.empty()) return false;
  TranscriptView& view = window.transcript();
  QTextCursor cursor(view.document());
  cursor.setPosition(found.back().position);
  view.setTextCursor(cursor);
  view.ensureCursorVisible();
  // The middle of the character: between the caret's place before it and after it.
  const QRect before = view.cursorRect(cursor);
  cursor.setPosition(found.back().position + 1);
  const QRect after = view.cursorRect(cursor);
  const QPoint at((before.left() + after.left()) / 2, before.center().y());
  QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::NoModifier, at);
  return true;
}

bool wait_until_idle(MainWindow& window, int timeout_ms) {
  return QTest::qWaitFor([&] { return !window.controller().streaming(); }, timeout_ms);
}

}  // namespace tinychat::gui::testing
