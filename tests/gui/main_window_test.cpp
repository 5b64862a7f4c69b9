// The window end to end, as a user drives it, against a loopback server on 127.0.0.1.

#include "main_window.h"

#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chat_controller.h"
#include "gui_test_support.h"
#include "model_picker.h"
#include "prompt_edit.h"
#include "support/test_certificates.h"
#include "support/test_data.h"
#include "tinychat/version.h"
#include "transcript_style.h"
#include "transcript_view.h"

using tinychat::testing::Gate;
using tinychat::testing::Reply;

namespace tinychat::gui::testing {

namespace {

nlohmann::json request_json(const WindowFixture& f, std::size_t index) {
  return nlohmann::json::parse(f.chat_request_body(index), nullptr, false);
}

// The colour of the text in the transcript's block that contains `text`.
QColor colour_of(MainWindow& window, const QString& text) {
  for (QTextBlock block = window.transcript().document()->begin(); block.isValid();
       block = block.next()) {
    if (block.text().contains(text) && !block.begin().atEnd())
      return block.begin().fragment().charFormat().foreground().color();
  }
  return {};
}

QPushButton* button(MainWindow& window, const char* name) {
  return window.findChild<QPushButton*>(QString::fromLatin1(name));
}

PromptEdit* prompt(MainWindow& window) {
  return window.findChild<PromptEdit*>(QStringLiteral("prompt"));
}

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 private slots:
  void titleStartsWithTinychatAndTheVersion() {
    WindowFixture f;
    QVERIFY(f.window().windowTitle().startsWith(
        QStringLiteral("tinychat %1").arg(QString::fromUtf8(kVersion))));
    QVERIFY(f.window().windowTitle().contains(QStringLiteral("test-model")));
  }

  void enterSendsAndTheReplyStreamsIntoTheTranscript() {
    WindowFixture f;
    // The recorded OpenAI stream, cut into 5-byte writes that split characters and lines.
    f.server.enqueue(Reply::replay(tinychat::testing::read_test_data("openai.sse"), 5));
    MainWindow& w = f.window();
    QVERIFY(QTest::qWaitFor([&] { return prompt(w)->hasFocus(); }, 2000));
    type_and_send(w, QStringLiteral("Say hello"));
    QVERIFY(wait_until_idle(w));
    const QString answer =
        QString::fromStdString(tinychat::testing::read_test_data("openai.answer"));
    QVERIFY2(wait_for_transcript(w, answer), qPrintable(transcript_text(w)));
    QVERIFY(transcript_text(w).contains(QStringLiteral("You Say hello")));
    QCOMPARE(prompt(w)->toPlainText(), QString());
    const nlohmann::json body = request_json(f, 0);
    QCOMPARE(body["messages"].back()["content"].get<std::string>(), std::string("Say hello"));
    QCOMPARE(body["model"].get<std::string>(), std::string("test-model"));
    QCOMPARE(w.controller().history().size(), std::size_t{2});
    QCOMPARE(w.controller().history()[1].content,
             tinychat::testing::read_test_data("openai.answer"));
    QVERIFY(prompt(w)->hasFocus());
  }

  void secondTurnSendsTheHistory() {
    WindowFixture f;
    f.server.enqueue(Reply::stream({openai_stream({"Paris", " is the capital."})}));
    f.server.enqueue(Reply::stream({openai_stream({"About 2.1 million."})}));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("Capital of France?"));
    QVERIFY(wait_until_idle(w));
    // This time with the Send button.
    QTest::keyClicks(prompt(w), QStringLiteral("Population?"));
    QTest::mouseClick(button(w, "sendButton"), Qt::LeftButton);
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("About 2.1 million.")));
    const nlohmann::json messages = request_json(f, 1)["messages"];
    QCOMPARE(messages.size(), std::size_t{3});
    QCOMPARE(messages[0]["content"].get<std::string>(), std::string("Capital of France?"));
    QCOMPARE(messages[1]["role"].get<std::string>(), std::string("assistant"));
    QCOMPARE(messages[1]["content"].get<std::string>(), std::string("Paris is the capital."));
    QCOMPARE(messages[2]["content"].get<std::string>(), std::string("Population?"));
  }

  void stopKeepsThePartialReply() {
    WindowFixture f;
    Gate never_opened;
    const std::string stream = openai_stream({"Once upon a time", " there was", " a tiny chat."});
    f.server.enqueue(held_after(stream, "Once upon a time", never_opened));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("Tell a story"));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Once upon a time")));
    QVERIFY(!button(w, "sendButton")->isEnabled());
    QVERIFY(button(w, "stopButton")->isEnabled());
    auto* progress = w.findChild<QProgressBar*>(QStringLiteral("replyProgress"));
    QVERIFY(progress->isVisible());
    QTest::mouseClick(button(w, "stopButton"), Qt::LeftButton);
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Stopped: the partial answer is kept.")));
    QVERIFY(!transcript_text(w).contains(QStringLiteral("there was")));
    const History history = w.controller().history();
    QCOMPARE(history.size(), std::size_t{2});
    QCOMPARE(history[0].content, std::string("Tell a story"));
    QCOMPARE(history[1].content, std::string("Once upon a time"));
    QVERIFY(history[1].interrupted);
    QVERIFY(button(w, "sendButton")->isEnabled());
    QVERIFY(!button(w, "stopButton")->isEnabled());
    QVERIFY(!progress->isVisible());
    QVERIFY(prompt(w)->hasFocus());
  }

  void escapeStopsTheReply() {
    WindowFixture f;
    Gate never_opened;
    const std::string stream = openai_stream({"Partial", " rest"});
    f.server.enqueue(held_after(stream, "Partial", never_opened));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("q"));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Partial")));
    QTest::keyClick(prompt(w), Qt::Key_Escape);
    QVERIFY(wait_until_idle(w));
    QVERIFY(w.controller().history().back().interrupted);
  }

  void newChatClearsHistoryAndTranscript() {
    WindowFixture f;
    f.server.enqueue(Reply::stream({openai_stream({"First answer"})}));
    f.server.enqueue(Reply::stream({openai_stream({"Fresh answer"})}));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("first"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("First answer")));
    QTest::mouseClick(button(w, "newChatButton"), Qt::LeftButton);
    QCOMPARE(transcript_text(w), QString());
    QVERIFY(w.controller().history().empty());
    type_and_send(w, QStringLiteral("second"));
    QVERIFY(wait_until_idle(w));
    QCOMPARE(request_json(f, 1)["messages"].size(), std::size_t{1});
  }

  void newChatWhileStreamingDropsTheOldReply() {
    WindowFixture f;
    Gate gate;
    const std::string stream = openai_stream({"Old start", " old late"});
    f.server.enqueue(held_after(stream, "Old start", gate));
    f.server.enqueue(Reply::stream({openai_stream({"New answer"})}));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("old question"));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Old start")));
    QTest::mouseClick(button(w, "newChatButton"), Qt::LeftButton);
    gate.open();
    QTest::qWait(100);  // whatever the old reply still sends must not show up
    QVERIFY(!transcript_text(w).contains(QStringLiteral("old")));
    QVERIFY(w.controller().history().empty());
    QVERIFY(button(w, "sendButton")->isEnabled());
    type_and_send(w, QStringLiteral("new question"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("New answer")));
    QCOMPARE(w.controller().history().size(), std::size_t{2});
  }

  void closingTheWindowWhileStreamingIsClean() {
    WindowFixture f;
    Gate gate;
    const std::string stream = openai_stream({"Streaming", " more"});
    f.server.enqueue(held_after(stream, "Streaming", gate));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("q"));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Streaming")));
    w.close();
    f.close_window();  // destroys it mid-reply: the reply is cancelled, nothing calls back late
    gate.open();
    QTest::qWait(100);
    QVERIFY(f.server.wait_for_replies_done(1));
  }

  void errorReplyShowsTheStatusAndTheProvidersMessage() {
    WindowFixture f;
    f.server.enqueue(Reply::json(401, tinychat::testing::read_test_data("openai_401.json")));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("hello?"));
    QVERIFY(wait_until_idle(w));
    const QString expected = QStringLiteral("Server responded with an error. Status Code: 401");
    QVERIFY2(wait_for_transcript(w, expected), qPrintable(transcript_text(w)));
    QVERIFY(transcript_text(w).contains(QStringLiteral("Incorrect API key provided")));
    QCOMPARE(colour_of(w, expected), colors::error);
    // The question is kept, on screen and in the history.
    QVERIFY(transcript_text(w).contains(QStringLiteral("hello?")));
    QCOMPARE(w.controller().history().size(), std::size_t{1});
  }

  void errorEventInsideA200KeepsThePartialAnswer() {
    WindowFixture f;
    f.server.enqueue(Reply::replay(tinychat::testing::read_test_data("openai_error_event.sse"), 7));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("q"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("The server had an error while processing")));
    QCOMPARE(colour_of(w, QStringLiteral("The server had an error")), colors::error);
    // The answer so far stays on screen and in the history, marked interrupted.
    QVERIFY(wait_for_transcript(w, QStringLiteral("Hello! ¿Qué tal?")));
    const History history = w.controller().history();
    QCOMPARE(history.size(), std::size_t{2});
    QCOMPARE(history[1].content, std::string("Hello! ¿Qué tal? "));
    QVERIFY(history[1].interrupted);
  }

  void reasoningIsShownApartFromTheAnswer() {
    WindowFixture f;
    f.server.enqueue(
        Reply::stream({openai_stream({"The answer is 4."}, {"Two plus two", " makes four."})}));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("2+2?"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("The answer is 4.")));
    const QString text = transcript_text(w);
    const qsizetype reasoning_at = text.indexOf(QStringLiteral("Two plus two makes four."));
    QVERIFY2(reasoning_at >= 0, qPrintable(text));
    QVERIFY(reasoning_at < text.indexOf(QStringLiteral("The answer is 4.")));
    QCOMPARE(colour_of(w, QStringLiteral("Two plus two")), colors::dim);
    QCOMPARE(w.controller().history()[1].reasoning, std::string("Two plus two makes four."));
    QCOMPARE(w.controller().history()[1].content, std::string("The answer is 4."));
  }

  void shiftAndCtrlEnterInsertNewlines() {
    WindowFixture f;
    MainWindow& w = f.window();
    PromptEdit* input = prompt(w);
    input->setFocus();
    QTest::keyClicks(input, QStringLiteral("line one"));
    QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(input, QStringLiteral("line two"));
    QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
    QTest::keyClicks(input, QStringLiteral("line three"));
    QCOMPARE(input->toPlainText(), QStringLiteral("line one\nline two\nline three"));
    QCOMPARE(f.chat_requests(), std::size_t{0});
  }

  void noKeyOpensNormallyAndNamesTheMissingKey() {
    WindowFixture f;
    f.choice = {"anthropic", "", ""};  // the real service: a key is needed
    MainWindow& w = f.window();
    QVERIFY(w.isVisible());
    const QString text = transcript_text(w);
    QVERIFY2(text.contains(QStringLiteral("No API key for anthropic: set ANTHROPIC_API_KEY")),
             qPrintable(text));
    QVERIFY(text.contains(QString::fromStdString(f.config_path().string())));
    QVERIFY(text.contains(QStringLiteral("Settings")));
    // Sending then keeps the prompt and sends nothing.
    type_and_send(w, QStringLiteral("my precious question"));
    QCOMPARE(prompt(w)->toPlainText(), QStringLiteral("my precious question"));
    QVERIFY(!w.controller().streaming());
  }

  void malformedConfigIsReportedAndLeftUntouched() {
    WindowFixture f;
    const std::string broken = "{ \"temperature\": 0.5,, }";
    f.write_config(broken);
    MainWindow& w = f.window();
    QVERIFY2(transcript_text(w).contains(QStringLiteral("line 1")), qPrintable(transcript_text(w)));
    std::ifstream in(f.config_path());
    std::stringstream bytes;
    bytes << in.rdbuf();
    QCOMPARE(bytes.str(), broken);
  }

  void answersAndModelListsTrustThePrivateCaOfSslCertFile() {
    tinychat::testing::TestCertificates certificates;
    tinychat::testing::LoopbackServer https(certificates.server_identity());
    https.route("/v1/models", Reply::json(200, R"({"object":"list","data":[)"
                                               R"({"id":"model-behind-a-private-ca"}]})"));
    https.enqueue(Reply::stream({openai_stream({"through the private CA"})}));
    WindowFixture f;
    f.choice.base_url = https.url("/v1");
    f.env["SSL_CERT_FILE"] = certificates.ca_file().string();
    MainWindow& w = f.window();
    auto* picker = w.findChild<ModelPicker*>(QStringLiteral("modelPicker"));
    QVERIFY(QTest::qWaitFor(
        [&] {
          return picker->lists({"openai", "model-behind-a-private-ca"});
        },
        5000));
    type_and_send(w, QStringLiteral("hi"));
    QVERIFY(wait_until_idle(w));
    QVERIFY2(wait_for_transcript(w, QStringLiteral("through the private CA")),
             qPrintable(transcript_text(w)));
  }

  void aReplyRefusedWith503IsRetriedAndTheWaitShown() {
    WindowFixture f;
    f.server.enqueue(Reply::json(503, R"({"error":{"message":"overloaded"}})"));
    f.server.enqueue(Reply::stream({openai_stream({"after the retry"})}));
    MainWindow& w = f.window();
    QSignalSpy notices(&w.controller(), &ChatController::retrying);
    type_and_send(w, QStringLiteral("hi"));
    QVERIFY(wait_until_idle(w));
    QVERIFY2(wait_for_transcript(w, QStringLiteral("after the retry")),
             qPrintable(transcript_text(w)));
    QVERIFY(!transcript_text(w).contains(QStringLiteral("overloaded")));
    QCOMPARE(notices.count(), 1);
    QVERIFY(notices.at(0).at(0).toString().startsWith(
        QStringLiteral("openai answered 503; retrying in ")));
    QCOMPARE(f.chat_requests(), std::size_t{2});
  }

  void anUnusableCaFileIsReportedAtStart() {
    WindowFixture f;
    f.env["SSL_CERT_FILE"] = "/nonexistent/company-ca.pem";
    MainWindow& w = f.window();
    QVERIFY2(transcript_text(w).contains(
                 QStringLiteral("CA certificate file /nonexistent/company-ca.pem (from "
                                "SSL_CERT_FILE) cannot be read: No such file or directory")),
             qPrintable(transcript_text(w)));
  }
};

}  // namespace tinychat::gui::testing

QTEST_MAIN(tinychat::gui::testing::MainWindowTest)
#include "main_window_test.moc"
