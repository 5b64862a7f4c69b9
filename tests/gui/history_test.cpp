// The window remembers: every turn recorded in the store, the conversation list, search, rename,
// delete with Undo, reopening where it was left, turns added by another process, and the
// per-message actions (regenerate, edit, the branch switcher, retry, copying code).

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSplitter>
#include <QTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "chat_controller.h"
#include "conversation_list.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "prompt_edit.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/store.h"
#include "transcript_view.h"

using tinychat::testing::Gate;
using tinychat::testing::Reply;

namespace tinychat::gui::testing {

namespace {

// The list's rows as shown: group headers and conversation titles.
QStringList rows(MainWindow& window) {
  QStringList out;
  QListWidget* list = window.sidebar().list();
  for (int row = 0; row < list->count(); ++row) out << list->item(row)->text();
  return out;
}

QListWidgetItem* row_titled(MainWindow& window, const QString& title) {
  QListWidget* list = window.sidebar().list();
  for (int row = 0; row < list->count(); ++row)
    if (list->item(row)->text() == title) return list->item(row);
  return nullptr;
}

void click_row(MainWindow& window, const QString& title) {
  QListWidget* list = window.sidebar().list();
  QListWidgetItem* item = row_titled(window, title);
  QVERIFY2(item, qPrintable(rows(window).join(QStringLiteral(" | "))));
  QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier,
                    list->visualItemRect(item).center());
}

// One turn answered with `answer`, waited for.
void chat(WindowFixture& f, const QString& prompt, const std::string& answer,
          const QString& shown = {}) {
  f.server.enqueue(Reply::stream({openai_stream({answer})}));
  type_and_send(f.window(), prompt);
  QVERIFY(wait_until_idle(f.window()));
  QVERIFY2(
      wait_for_transcript(f.window(), shown.isEmpty() ? QString::fromStdString(answer) : shown),
      qPrintable(transcript_text(f.window())));
}

std::vector<ConversationSummary> stored_conversations(const std::filesystem::path& db) {
  std::shared_ptr<Store> store;
  if (Error error = Store::open(db, store)) qWarning("%s", error.message.c_str());
  std::vector<ConversationSummary> out;
  if (store) store->recent_conversations(100, out);
  return out;
}

nlohmann::json request_messages(const WindowFixture& f, std::size_t index) {
  return nlohmann::json::parse(f.chat_request_body(index), nullptr, false)["messages"];
}

}  // namespace

class HistoryTest : public QObject {
  Q_OBJECT

 private slots:
  void everyTurnIsRecordedAndListedNewestFirstWithItsModel() {
    WindowFixture f;
    chat(f, QStringLiteral("First conversation"), "one");
    QTest::keyClick(&f.window(), Qt::Key_N, Qt::ControlModifier);
    chat(f, QStringLiteral("Second conversation"), "two");
    QCOMPARE(rows(f.window()),
             QStringList({QStringLiteral("Today"), QStringLiteral("Second conversation"),
                          QStringLiteral("First conversation")}));
    QVERIFY(row_titled(f.window(), QStringLiteral("Second conversation"))
                ->data(Qt::UserRole + 1)
                .toString()
                .startsWith(QStringLiteral("test-model")));
    // The open one is selected; both are in the file, nothing lost by New Chat.
    QCOMPARE(f.window().sidebar().list()->currentItem()->text(),
             QStringLiteral("Second conversation"));
    QCOMPARE(stored_conversations(f.store_path()).size(), std::size_t{2});
  }

  void aStoreThatCannotBeOpenedIsNamedAndTheChatGoesOnUnrecorded() {
    WindowFixture f;
    std::ofstream(f.store_path()) << "not a database, but someone's notes";
    f.server.enqueue(Reply::stream({openai_stream({"Still answering."})}));
    MainWindow& w = f.window();
    const QString file = QString::fromStdString(f.store_path().string());
    QVERIFY2(transcript_text(w).contains(file), qPrintable(transcript_text(w)));
    QVERIFY(transcript_text(w).contains(QStringLiteral("This chat works, unrecorded.")));
    QVERIFY(!w.sidebar().isEnabled());
    type_and_send(w, QStringLiteral("Hello?"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Still answering.")));
  }

  void openingAConversationShowsItsBranchAndTheNextTurnContinuesIt() {
    WindowFixture f;
    chat(f, QStringLiteral("Capital of France?"), "Paris.");
    QTest::keyClick(&f.window(), Qt::Key_N, Qt::ControlModifier);
    chat(f, QStringLiteral("Something else"), "Else.");
    click_row(f.window(), QStringLiteral("Capital of France?"));
    QVERIFY(wait_for_transcript(f.window(), QStringLiteral("Paris.")));
    QVERIFY(!transcript_text(f.window()).contains(QStringLiteral("Else.")));
    chat(f, QStringLiteral("And of Italy?"), "Rome.");
    const nlohmann::json messages = request_messages(f, 2);
    QCOMPARE(messages.size(), std::size_t{3});
    QCOMPARE(messages[0]["content"].get<std::string>(), std::string("Capital of France?"));
    QCOMPARE(stored_conversations(f.store_path()).size(), std::size_t{2});
    QCOMPARE(rows(f.window())[1], QStringLiteral("Capital of France?"));  // newest first again
    // Tokens under each answer, the conversation's total in the status bar; no price is known
    // for test-model, so no cost is shown (never "$0.00").
    QVERIFY(transcript_text(f.window()).contains(QStringLiteral("12 in · 34 out")));
    QCOMPARE(f.window().findChild<QLabel*>(QStringLiteral("conversationTotals"))->text(),
             QStringLiteral("This conversation: 24 tokens in, 68 out"));
  }

  // Issue 11: the window shows under each answer what it cost, and the conversation's total in
  // the status bar, with the command line's prices (the config file's over the shipped table).
  void eachAnswerShowsItsCostAndTheStatusBarTheTotal() {
    WindowFixture f;
    f.write_config(R"({"prices": {"test-model": {"input": 1000, "output": 2000}}})");
    chat(f, QStringLiteral("What does it cost?"), "This much.");
    chat(f, QStringLiteral("And again?"), "As much.");
    // 12 tokens in at $1,000 per million and 34 out at $2,000: $0.012 + $0.068 each.
    QVERIFY2(transcript_text(f.window()).contains(QStringLiteral("12 in · 34 out")),
             qPrintable(transcript_text(f.window())));
    QVERIFY(transcript_text(f.window()).contains(QStringLiteral("· $0.080")));
    QCOMPARE(f.window().findChild<QLabel*>(QStringLiteral("conversationTotals"))->text(),
             QStringLiteral("This conversation: 24 tokens in, 68 out · $0.16"));
  }

  void ctrlBHidesTheSidebarAndTheWindowReopensWhereItWasLeft() {
    WindowFixture f;
    chat(f, QStringLiteral("Remember me"), "I will.");
    MainWindow* w = &f.window();
    w->resize(900, 650);
    auto* splitter = w->findChild<QSplitter*>(QStringLiteral("splitter"));
    splitter->setSizes({300, 600});
    const QList<int> sizes = splitter->sizes();
    QTest::keyClick(w, Qt::Key_B, Qt::ControlModifier);
    QVERIFY(!w->sidebar().isVisible());
    QTest::keyClick(w, Qt::Key_B, Qt::ControlModifier);
    QVERIFY(w->sidebar().isVisible());
    f.close_window();

    w = &f.window();
    QVERIFY2(wait_for_transcript(*w, QStringLiteral("Remember me")),
             qPrintable(QString::fromStdString(w->controller().conversation_id())));
    QCOMPARE(w->size(), QSize(900, 650));
    QCOMPARE(w->findChild<QSplitter*>(QStringLiteral("splitter"))->sizes(), sizes);
    QCOMPARE(w->sidebar().list()->currentItem()->text(), QStringLiteral("Remember me"));
    // And it goes on from there.
    chat(f, QStringLiteral("Do you?"), "Yes.");
    QCOMPARE(request_messages(f, 1).size(), std::size_t{3});
  }

  void textSizeChangesWithCtrlPlusAndMinusSurvivesNewChatAndIsRemembered() {
    WindowFixture f;
    chat(f, QStringLiteral("Big text please"), "Here it is.");
    MainWindow* w = &f.window();
    const qreal normal = w->text_size();
    QTest::keyClick(w, Qt::Key_Equal, Qt::ControlModifier);
    QTest::keyClick(w, Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(w->text_size(), normal + 2);
    QCOMPARE(w->transcript().font().pointSizeF(), normal + 2);
    QVERIFY(transcript_text(*w).contains(QStringLiteral("Here it is.")));  // shown again
    QTest::keyClick(w, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(w->text_size(), normal + 1);
    QTest::keyClick(w, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(w->text_size(), normal + 1);
    f.close_window();
    w = &f.window();
    QCOMPARE(w->text_size(), normal + 1);
    QTest::keyClick(w, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(w->text_size(), normal);
  }

  void closingMidReplyKeepsThePartialAnswerShownAsInterrupted() {
    WindowFixture f;
    Gate never_opened;
    f.server.enqueue(
        held_after(openai_stream({"Once upon a time", " there was more"}), "Once", never_opened));
    type_and_send(f.window(), QStringLiteral("Tell a story"));
    QVERIFY(wait_for_transcript(f.window(), QStringLiteral("Once upon a time")));
    f.close_window();
    MainWindow& w = f.window();
    QVERIFY2(wait_for_transcript(w, QStringLiteral("Tell a story")),
             qPrintable(transcript_text(w)));
    QVERIFY(transcript_text(w).contains(QStringLiteral("Once upon a time")));
    QVERIFY(
        transcript_text(w).contains(QStringLiteral("Interrupted: the partial answer is kept.")));
    QCOMPARE(links(w, QStringLiteral("tinychat:continue/")).size(), 1);
    // Continue asks the model to go on from the partial answer, which stays as it was.
    f.server.enqueue(Reply::stream({openai_stream({" there was a tiny chat."})}));
    QVERIFY(click_link(w, QStringLiteral("tinychat:continue/")));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("there was a tiny chat.")));
    const nlohmann::json messages = request_messages(f, 1);
    QCOMPARE(messages.size(), std::size_t{3});
    QCOMPARE(messages[1]["content"].get<std::string>(), std::string("Once upon a time"));
    QVERIFY(messages[2]["content"].get<std::string>().starts_with("Continue"));
  }

  void searchShowsTheMatchingConversationsWithTheMatchedWords() {
    WindowFixture f;
    chat(f, QStringLiteral("How do futures work?"), "A promise sets the value later.");
    QTest::keyClick(&f.window(), Qt::Key_N, Qt::ControlModifier);
    chat(f, QStringLiteral("Best pasta shape?"), "Rigatoni.");
    MainWindow& w = f.window();
    QTest::keyClick(&w, Qt::Key_K, Qt::ControlModifier);
    QLineEdit* search = w.sidebar().search_field();
    QVERIFY(search->hasFocus());
    QTest::keyClicks(search, QStringLiteral("promise"));
    QCOMPARE(rows(w), QStringList({QStringLiteral("How do futures work?")}));
    const QString detail = w.sidebar().list()->item(0)->data(Qt::UserRole + 1).toString();
    QVERIFY2(detail.contains(QStringLiteral("\x02promise\x03")), qPrintable(detail));
    QTest::keyClick(search, Qt::Key_Return);  // opens the first result
    QVERIFY(wait_for_transcript(w, QStringLiteral("A promise sets the value later.")));
    QVERIFY(w.findChild<PromptEdit*>(QStringLiteral("prompt"))->hasFocus());
    search->setFocus();
    QTest::keyClick(search, Qt::Key_Escape);
    QCOMPARE(rows(w).size(), 3);
  }

  void renameInPlaceWithF2OrADoubleClick() {
    WindowFixture f;
    chat(f, QStringLiteral("Old title"), "ok");
    MainWindow& w = f.window();
    w.sidebar().list()->setFocus();
    QTest::keyClick(&w, Qt::Key_F2);
    auto* editor = w.sidebar().list()->findChild<QLineEdit*>();
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Renamed by me"));
    QTest::keyClick(editor, Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return rows(w).contains(QStringLiteral("Renamed by me")); }));
    QVERIFY(QTest::qWaitFor(
        [&] { return stored_conversations(f.store_path()).at(0).title == "Renamed by me"; }));

    // A double click does the same.
    QListWidget* list = w.sidebar().list();
    const QPoint at = list->visualItemRect(row_titled(w, QStringLiteral("Renamed by me"))).center();
    // A mouse sends a click before the double click; QTest's mouseDClick sends only the latter.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, Qt::NoModifier, at);
    editor = nullptr;
    QVERIFY(QTest::qWaitFor([&] {
      for (QLineEdit* open : list->findChildren<QLineEdit*>())
        if (open->isVisible()) editor = open;
      return editor != nullptr;
    }));
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Renamed twice"));
    QTest::keyClick(editor, Qt::Key_Return);
    QVERIFY(QTest::qWaitFor(
        [&] { return stored_conversations(f.store_path()).at(0).title == "Renamed twice"; }));
  }

  void deleteHidesAtOnceUndoBringsItBackAndClosingDeletesForReal() {
    WindowFixture f;
    chat(f, QStringLiteral("Keep me"), "kept");
    QTest::keyClick(&f.window(), Qt::Key_N, Qt::ControlModifier);
    chat(f, QStringLiteral("Delete me"), "deleted");
    MainWindow& w = f.window();
    auto* undo = w.findChild<QPushButton*>(QStringLiteral("undoDeleteButton"));
    w.sidebar().list()->setFocus();
    w.sidebar().set_current(QString::fromStdString(w.controller().conversation_id()));
    QTest::keyClick(w.sidebar().list(), Qt::Key_Delete);
    QVERIFY(!rows(w).contains(QStringLiteral("Delete me")));
    QCOMPARE(transcript_text(w), QString());  // it was open: a new chat instead
    QVERIFY(undo->isVisible());
    QTest::mouseClick(undo, Qt::LeftButton);
    QVERIFY(rows(w).contains(QStringLiteral("Delete me")));
    QVERIFY(!undo->isVisible());
    QCOMPARE(stored_conversations(f.store_path()).size(), std::size_t{2});

    w.sidebar().set_current(QString::fromStdString(stored_conversations(f.store_path())[0].id));
    w.sidebar().list()->setFocus();
    QTest::keyClick(w.sidebar().list(), Qt::Key_Delete);
    QVERIFY(!rows(w).contains(QStringLiteral("Delete me")));
    QCOMPARE(stored_conversations(f.store_path()).size(), std::size_t{2});  // Undo still possible
    f.close_window();
    const auto left = stored_conversations(f.store_path());
    QCOMPARE(left.size(), std::size_t{1});
    QCOMPARE(left[0].title, std::string("Keep me"));
  }

  void aTurnWrittenByAnotherProcessAppears() {
    WindowFixture f;
    chat(f, QStringLiteral("Started in the window"), "window answer");
    MainWindow& w = f.window();
    {
      // Another connection to the file, as `tinychat -c` opens: it continues the most recent
      // conversation, the window's.
      std::shared_ptr<Store> other;
      QVERIFY(!Store::open(f.store_path(), other));
      std::vector<ConversationSummary> recent;
      QVERIFY(!other->recent_conversations(1, recent));
      QCOMPARE(recent.at(0).id, w.controller().conversation_id());
      std::shared_ptr<ConversationRecorder> recorder;
      QVERIFY(!ConversationRecorder::open(other, recent[0].id, recorder));
      AnswerSource source;
      source.provider = "openai";
      source.model = "cli-model";
      auto answer = recorder->begin_turn("Asked from the terminal", source);
      QVERIFY(answer);
      const Delta piece = Delta::answer("terminal answer");
      answer->append({&piece, 1});
      answer->finish({});
      recorder->flush();
    }
    QVERIFY2(wait_for_transcript(w, QStringLiteral("cli-model terminal answer")),
             qPrintable(transcript_text(w)));
    QVERIFY(transcript_text(w).contains(QStringLiteral("Asked from the terminal")));
    // The window's next turn follows it.
    chat(f, QStringLiteral("Back in the window"), "ok");
    QCOMPARE(request_messages(f, 1).size(), std::size_t{5});
  }

  void tinychatDashCContinuesTheWindowsConversationAndTheWindowShowsItsTurn() {
    WindowFixture f;
    chat(f, QStringLiteral("Started in the window"), "window answer");
    MainWindow& w = f.window();
    f.server.enqueue(Reply::stream({openai_stream({"answered in the terminal"})}));
    QProcess cli;
    QProcessEnvironment env;
    env.insert(QStringLiteral("TINYCHAT_DB"), QString::fromStdString(f.store_path().string()));
    env.insert(QStringLiteral("HOME"), f.config_dir.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), f.config_dir.path() + QStringLiteral("/none"));
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(TINYCHAT_CLI),
              {QStringLiteral("-c"), QStringLiteral("Asked with tinychat -c")});
    cli.closeWriteChannel();  // no standard input to add to the prompt
    QVERIFY(cli.waitForFinished(20000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QVERIFY(cli.readAllStandardOutput().contains("answered in the terminal"));
    // It went on from the window's conversation...
    QCOMPARE(request_messages(f, 1).size(), std::size_t{3});
    QCOMPARE(stored_conversations(f.store_path()).size(), std::size_t{1});
    // ...and the window shows its turn without being asked.
    QVERIFY2(wait_for_transcript(w, QStringLiteral("answered in the terminal")),
             qPrintable(transcript_text(w)));
    QVERIFY(transcript_text(w).contains(QStringLiteral("Asked with tinychat -c")));
  }

  void regenerateAddsASiblingAndTheSwitcherMovesBetweenThem() {
    WindowFixture f;
    chat(f, QStringLiteral("Pick a number"), "Seven.");
    MainWindow& w = f.window();
    f.server.enqueue(Reply::stream({openai_stream({"Forty-two."})}));
    QVERIFY(click_link(w, QStringLiteral("tinychat:regenerate/")));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Forty-two.")));
    QVERIFY2(!transcript_text(w).contains(QStringLiteral("Seven.")),
             qPrintable(links(w, QStringLiteral("tinychat:")).join(QLatin1Char(' '))));
    QVERIFY2(transcript_text(w).contains(QStringLiteral("\u2039 2/2 \u203A")),
             qPrintable(transcript_text(w)));
    QCOMPARE(request_messages(f, 1).size(), std::size_t{1});     // the prompt alone, again
    QVERIFY(click_link(w, QStringLiteral("tinychat:switch/")));  // ‹: the first answer
    QVERIFY(wait_for_transcript(w, QStringLiteral("Seven.")));
    QVERIFY(transcript_text(w).contains(QStringLiteral("1/2")));
    QVERIFY(!transcript_text(w).contains(QStringLiteral("Forty-two.")));
    // The next turn continues the branch on screen.
    chat(f, QStringLiteral("Why?"), "Because.");
    QCOMPARE(request_messages(f, 2)[1]["content"].get<std::string>(), std::string("Seven."));
  }

  void editSendsThePromptAgainAsANewBranch() {
    WindowFixture f;
    chat(f, QStringLiteral("Capital of Spian?"), "Did you mean Spain?");
    MainWindow& w = f.window();
    QVERIFY2(click_link(w, QStringLiteral("tinychat:edit/")),
             qPrintable(links(w, QStringLiteral("tinychat:")).join(QLatin1Char(' '))));
    auto* input = w.findChild<PromptEdit*>(QStringLiteral("prompt"));
    QCOMPARE(input->toPlainText(), QStringLiteral("Capital of Spian?"));
    // The transcript goes back to where it was sent; Esc brings it all back.
    QVERIFY(!transcript_text(w).contains(QStringLiteral("Did you mean Spain?")));
    QTest::keyClick(input, Qt::Key_Escape);
    QVERIFY(transcript_text(w).contains(QStringLiteral("Did you mean Spain?")));
    QCOMPARE(input->toPlainText(), QString());
    QVERIFY(click_link(w, QStringLiteral("tinychat:edit/")));
    input->clear();
    f.server.enqueue(Reply::stream({openai_stream({"Madrid."})}));
    type_and_send(w, QStringLiteral("Capital of Spain?"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Madrid.")));
    QVERIFY(!transcript_text(w).contains(QStringLiteral("Spian")));
    QCOMPARE(request_messages(f, 1).size(), std::size_t{1});
    QCOMPARE(links(w, QStringLiteral("tinychat:switch/")).size(), 1);  // ‹ on the prompt
    QVERIFY(click_link(w, QStringLiteral("tinychat:switch/")));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Capital of Spian? ")));
    QVERIFY(transcript_text(w).contains(QStringLiteral("Did you mean Spain?")));
    QCOMPARE(stored_conversations(f.store_path()).size(), std::size_t{1});
  }

  void retryAfterA500AnswersTheSamePrompt() {
    WindowFixture f;
    f.write_config(R"({"retries": 0})");
    f.server.enqueue(Reply::json(500, R"({"error":{"message":"The server broke."}})"));
    MainWindow& w = f.window();
    type_and_send(w, QStringLiteral("Are you there?"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("The server broke.")));
    f.server.enqueue(Reply::stream({openai_stream({"Yes, now I am."})}));
    QVERIFY(click_link(w, QStringLiteral("tinychat:retry/")));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("Yes, now I am.")));
    QCOMPARE(request_messages(f, 1).size(), std::size_t{1});
    QCOMPARE(request_messages(f, 1)[0]["content"].get<std::string>(),
             std::string("Are you there?"));
  }

  void copyOnACodeBlockPutsExactlyTheCodeOnTheClipboard() {
    WindowFixture f;
    chat(f, QStringLiteral("Code please"),
         "Here:\n\n```python\nfor line in open(\"f\"):\n    print(line)\n```\n\nDone.",
         QStringLiteral("Done."));
    MainWindow& w = f.window();
    QVERIFY(transcript_text(w).contains(QStringLiteral("python Copy")));
    QApplication::clipboard()->clear();
    QVERIFY(click_link(w, QStringLiteral("tinychat:copy-code/0")));
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("for line in open(\"f\"):\n    print(line)"));
    // And Copy on the answer: its Markdown source.
    QVERIFY(click_link(w, QStringLiteral("tinychat:copy/")));
    QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("Here:\n\n```python")));
  }
};

}  // namespace tinychat::gui::testing

QTEST_MAIN(tinychat::gui::testing::HistoryTest)
#include "history_test.moc"
