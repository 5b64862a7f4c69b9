// Export Conversation and Settings, driven through their dialogs as a user would.

#include <sys/stat.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "conversation_export.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "settings_dialog.h"

using tinychat::testing::Reply;

namespace tinychat::gui::testing {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void click(QWidget* parent, const char* name) {
  auto* button = parent->findChild<QPushButton*>(QString::fromLatin1(name));
  QVERIFY2(button, name);
  QTest::mouseClick(button, Qt::LeftButton);
}

// Two finished turns, the second with reasoning.
void hold_a_conversation(WindowFixture& f) {
  f.server.enqueue(Reply::stream({openai_stream({"Hi! How can I help?"})}));
  f.server.enqueue(Reply::stream({openai_stream({"**4**, of course."}, {"Add two and two."})}));
  MainWindow& w = f.window();
  type_and_send(w, QStringLiteral("Hello"));
  QVERIFY(wait_until_idle(w));
  type_and_send(w, QStringLiteral("What is 2+2?"));
  QVERIFY(wait_until_idle(w));
}

// Picks the save dialog's file type and name as a user does, then presses Save.
void export_through_the_dialog(MainWindow& w, int file_type, const QString& path) {
  click(&w, "exportButton");
  QFileDialog* dialog = nullptr;
  QVERIFY(QTest::qWaitFor([&] {
    dialog = w.findChild<QFileDialog*>(QStringLiteral("exportDialog"));
    return dialog && dialog->isVisible();
  }));
  auto* types = dialog->findChild<QComboBox*>(QStringLiteral("fileTypeCombo"));
  QVERIFY(types);
  QCOMPARE(types->count(), 3);
  // The arrow keys, as a user picks a type (a programmatic index change is no user choice).
  QCOMPARE(types->currentIndex(), 0);
  for (int i = 0; i < file_type; ++i) QTest::keyClick(types, Qt::Key_Down);
  QCOMPARE(types->currentIndex(), file_type);
  auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
  QVERIFY(name);
  name->setText(path);
  QTest::keyClick(name, Qt::Key_Return);  // Save
  QTest::qWait(0);
}

SettingsDialog* open_settings(MainWindow& w) {
  click(&w, "settingsButton");
  SettingsDialog* dialog = nullptr;
  const bool shown = QTest::qWaitFor([&] {
    dialog = w.findChild<SettingsDialog*>(QStringLiteral("settingsDialog"));
    return dialog && dialog->isVisible();
  });
  return shown ? dialog : nullptr;
}

}  // namespace

class DialogsTest : public QObject {
  Q_OBJECT

 private slots:
  void exportWritesTheOriginalsPlainText() {
    WindowFixture f;
    hold_a_conversation(f);
    const QString path = f.config_dir.filePath(QStringLiteral("chat"));  // no suffix typed
    export_through_the_dialog(f.window(), 0, path);
    QCOMPARE(read_file((path + QStringLiteral(".txt")).toStdString()),
             std::string("You: Hello\nLLM: Hi! How can I help?\n\n"
                         "You: What is 2+2?\nLLM: **4**, of course.\n"));
    // Conversations are private, as the command line's exports are: not left to the umask.
    QCOMPARE(std::filesystem::status((path + QStringLiteral(".txt")).toStdString()).permissions(),
             std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }

  void exportWritesMarkdown() {
    WindowFixture f;
    hold_a_conversation(f);
    const QString path = f.config_dir.filePath(QStringLiteral("chat"));
    export_through_the_dialog(f.window(), 1, path);
    const std::string markdown = read_file((path + QStringLiteral(".md")).toStdString());
    QCOMPARE(markdown, std::string("# Conversation\n\n## You\n\nHello\n\n## LLM\n\nHi! How can I "
                                   "help?\n\n## You\n\nWhat is 2+2?\n\n## LLM\n\n> **Reasoning**\n"
                                   ">\n> Add two and two.\n\n**4**, of course.\n"));
  }

  void exportWritesJson() {
    WindowFixture f;
    hold_a_conversation(f);
    const QString path = f.config_dir.filePath(QStringLiteral("chat.json"));
    export_through_the_dialog(f.window(), 2, path);
    const auto document = nlohmann::json::parse(read_file(path.toStdString()));
    QCOMPARE(document["messages"].size(), std::size_t{4});
    QCOMPARE(document["messages"][3]["content"].get<std::string>(),
             std::string("**4**, of course."));
    QCOMPARE(document["messages"][3]["reasoning"].get<std::string>(),
             std::string("Add two and two."));
  }

  void theFileNamesExtensionWinsOverTheFileType() {
    QCOMPARE(export_format_for_file(QStringLiteral("/tmp/a.json"), ExportFormat::text),
             ExportFormat::json);
    QCOMPARE(export_format_for_file(QStringLiteral("/tmp/a"), ExportFormat::markdown),
             ExportFormat::markdown);
  }

  void settingsSaveAndTheNextRequestUsesTheNewKeyAndTemperature() {
    WindowFixture f;
    f.server.enqueue(Reply::stream({openai_stream({"ok"})}));
    MainWindow& w = f.window();
    SettingsDialog* dialog = open_settings(w);
    QVERIFY(dialog);
    auto* key = dialog->findChild<QLineEdit*>(QStringLiteral("key_openai"));
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    key->setText(QStringLiteral("sk-new-key-0123456789abcdef"));
    dialog->findChild<QCheckBox*>(QStringLiteral("modelDefaultTemperature"))->setChecked(false);
    dialog->findChild<QSlider*>(QStringLiteral("temperatureSlider"))->setValue(35);
    QCOMPARE(dialog->findChild<QLabel*>(QStringLiteral("temperatureValue"))->text(),
             QStringLiteral("0.35"));
    click(dialog, "saveButton");
    QVERIFY(QTest::qWaitFor(
        [&] { return !w.findChild<SettingsDialog*>(QStringLiteral("settingsDialog")); }));

    // The same file the CLI reads, private to its owner.
    const auto saved = nlohmann::json::parse(read_file(f.config_path()));
    QCOMPARE(saved["providers"]["openai"]["api_key"].get<std::string>(),
             std::string("sk-new-key-0123456789abcdef"));
    QCOMPARE(saved["temperature"].get<double>(), 0.35);
    struct stat info {};
    QCOMPARE(::stat(f.config_path().c_str(), &info), 0);
    QCOMPARE(info.st_mode & 0777, 0600u);

    // No restart: the next message carries them.
    type_and_send(w, QStringLiteral("hi"));
    QVERIFY(wait_until_idle(w));
    const auto requests = f.server.requests();
    const auto chat = std::find_if(requests.begin(), requests.end(), [](const auto& r) {
      return r.path() == "/v1/chat/completions";
    });
    QVERIFY(chat != requests.end());
    QCOMPARE(std::string(chat->header("authorization").value_or("")),
             std::string("Bearer sk-new-key-0123456789abcdef"));
    QCOMPARE(nlohmann::json::parse(chat->body)["temperature"].get<double>(), 0.35);
    QVERIFY(!transcript_text(w).contains(QStringLiteral("sk-new-key")));
  }

  void theShowToggleRevealsTheKey() {
    WindowFixture f;
    SettingsDialog* dialog = open_settings(f.window());
    QVERIFY(dialog);
    auto* key = dialog->findChild<QLineEdit*>(QStringLiteral("key_anthropic"));
    auto* show = dialog->findChild<QAction*>(QStringLiteral("show_key_anthropic"));
    QVERIFY(show);
    show->trigger();
    QCOMPARE(key->echoMode(), QLineEdit::Normal);
    show->trigger();
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    dialog->reject();
  }

  void aKeyInTheEnvironmentIsPointedOut() {
    WindowFixture f;
    f.env["MISTRAL_API_KEY"] = "from-the-environment";
    SettingsDialog* dialog = open_settings(f.window());
    QVERIFY(dialog);
    auto* note = dialog->findChild<QLabel*>(QStringLiteral("env_note_mistral"));
    QVERIFY(note);
    QVERIFY(note->text().contains(QStringLiteral("MISTRAL_API_KEY")));
    QVERIFY(!note->text().contains(QStringLiteral("from-the-environment")));
    QVERIFY(!dialog->findChild<QLabel*>(QStringLiteral("env_note_openai")));
    dialog->reject();
  }

  void maxTokensAndTheLightThemeApplyAtOnceAndAreKeptByTheWindow() {
    WindowFixture f;
    f.server.enqueue(Reply::stream({openai_stream({"short"})}));
    MainWindow* w = &f.window();
    SettingsDialog* dialog = open_settings(*w);
    QVERIFY(dialog);
    dialog->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(512);
    auto* theme = dialog->findChild<QComboBox*>(QStringLiteral("themeChoice"));
    theme->setCurrentIndex(theme->findData(QStringLiteral("light")));
    click(dialog, "saveButton");
    QVERIFY(QTest::qWaitFor(
        [&] { return !w->findChild<SettingsDialog*>(QStringLiteral("settingsDialog")); }));
    QVERIFY(qApp->palette().color(QPalette::Base).lightness() > 200);
    type_and_send(*w, QStringLiteral("hi"));
    QVERIFY(wait_until_idle(*w));
    QCOMPARE(nlohmann::json::parse(f.chat_request_body(0))["max_tokens"].get<int>(), 512);
    // The dark theme again, for the tests that follow; the limit stays with the window.
    dialog = open_settings(*w);
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->value(), 512);
    theme = dialog->findChild<QComboBox*>(QStringLiteral("themeChoice"));
    QCOMPARE(theme->currentData().toString(), QStringLiteral("light"));
    theme->setCurrentIndex(theme->findData(QStringLiteral("dark")));
    click(dialog, "saveButton");
    QVERIFY(QTest::qWaitFor(
        [&] { return !w->findChild<SettingsDialog*>(QStringLiteral("settingsDialog")); }));
    QVERIFY(qApp->palette().color(QPalette::Base).lightness() < 60);
    f.close_window();
    dialog = open_settings(f.window());
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->value(), 512);
    dialog->reject();
  }

  void aBaseUrlInTheEnvironmentIsPointedOut() {
    WindowFixture f;
    f.env["MISTRAL_BASE_URL"] = "http://127.0.0.1:9/v1";
    SettingsDialog* dialog = open_settings(f.window());
    QVERIFY(dialog);
    auto* note = dialog->findChild<QLabel*>(QStringLiteral("base_url_env_note_mistral"));
    QVERIFY(note);
    QVERIFY(note->text().contains(QStringLiteral("MISTRAL_BASE_URL")));
    QVERIFY(!dialog->findChild<QLabel*>(QStringLiteral("base_url_env_note_openai")));
    dialog->reject();
  }

  void aBadBaseUrlIsRefusedAndNothingIsWritten() {
    WindowFixture f;
    SettingsDialog* dialog = open_settings(f.window());
    QVERIFY(dialog);
    dialog->findChild<QLineEdit*>(QStringLiteral("base_url_cohere"))
        ->setText(QStringLiteral("api.cohere.com"));
    click(dialog, "saveButton");
    QVERIFY(dialog->isVisible());
    auto* error = dialog->findChild<QLabel*>(QStringLiteral("settingsError"));
    QVERIFY(error->text().contains(QStringLiteral("cohere")));
    QVERIFY(!std::filesystem::exists(f.config_path()));
    dialog->reject();
  }

  void savingOverAMalformedFileIsRefusedWithItsReason() {
    WindowFixture f;
    const std::string broken = "{\"providers\": {";
    f.write_config(broken);
    SettingsDialog* dialog = open_settings(f.window());
    QVERIFY(dialog);
    dialog->findChild<QLineEdit*>(QStringLiteral("key_openai"))->setText(QStringLiteral("sk-x"));
    click(dialog, "saveButton");
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->findChild<QLabel*>(QStringLiteral("settingsError"))->text().isEmpty());
    QCOMPARE(read_file(f.config_path()), broken);
    dialog->reject();
  }
};

}  // namespace tinychat::gui::testing

QTEST_MAIN(tinychat::gui::testing::DialogsTest)
#include "dialogs_test.moc"
