// Compare mode in the window, end to end: three models of three providers on one loopback server
// (each provider's base URL a path of it), at different speeds, one failing mid-stream.

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QTest>
#include <nlohmann/json.hpp>
#include <tuple>

#include "compare_dialog.h"
#include "compare_view.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "model_picker.h"
#include "prompt_edit.h"
#include "transcript_view.h"

using tinychat::testing::Gate;
using tinychat::testing::Reply;
using namespace std::chrono_literals;

namespace tinychat::gui::testing {

namespace {

const ModelChoice kGpt{"openai", "gpt-4o"};
const ModelChoice kMistral{"mistral", "mistral-large-latest"};
const ModelChoice kLlama{"together", "meta-llama/Llama-3.3-70B-Instruct-Turbo"};

// Each provider at its own path of the one server, with a key in the window's environment.
struct CompareFixture : WindowFixture {
  CompareFixture() {
    choice = {kGpt.provider, kGpt.model, ""};
    // A base URL on this machine is a server of the user's own: the picker lists what its
    // live list names (Together's is a bare array).
    for (const auto& [name, prefix] :
         {std::pair{"OPENAI", "/o"}, std::pair{"MISTRAL", "/m"}, std::pair{"TOGETHER", "/t"}}) {
      env[std::string(name) + "_BASE_URL"] = server.url(std::string(prefix) + "/v1");
      env[std::string(name) + "_API_KEY"] = "test-key";
    }
    auto entry = [](const std::string& id, const char* more = "") {
      return "{\"id\":\"" + id + "\"" + more + "}";
    };
    server.route("/o/v1/models",
                 Reply::json(200, "{\"object\":\"list\",\"data\":[" + entry(kGpt.model) + "]}"));
    server.route("/m/v1/models", Reply::json(200, "{\"object\":\"list\",\"data\":[" +
                                                      entry(kMistral.model) + "]}"));
    server.route("/t/v1/models",
                 Reply::json(200, "[" + entry(kLlama.model, ",\"type\":\"chat\"") + "]"));
  }

  // How many chat requests reached `prefix` ("" for any provider).
  std::size_t asked(const std::string& prefix = "") const {
    std::size_t count = 0;
    for (const auto& request : server.requests()) {
      const std::string path(request.path());
      count += path.starts_with(prefix) && path.ends_with("/chat/completions");
    }
    return count;
  }

  // The body of the last chat request to `prefix`.
  nlohmann::json last_body(const std::string& prefix) const {
    std::string body;
    for (const auto& request : server.requests()) {
      const std::string path(request.path());
      if (path.starts_with(prefix) && path.ends_with("/chat/completions")) body = request.body;
    }
    return nlohmann::json::parse(body, nullptr, false);
  }
};

QString column_text(MainWindow& w, int column) {
  return w.compare_view().answer(column).toPlainText().simplified();
}

QPushButton* column_button(MainWindow& w, int column) {
  return w.compare_view()
      .findChild<QWidget*>(QStringLiteral("compareColumn%1").arg(column))
      ->findChild<QPushButton*>(QStringLiteral("continueWithThisOne"));
}

QString column_numbers(MainWindow& w, int column) {
  return w.compare_view()
      .findChild<QWidget*>(QStringLiteral("compareColumn%1").arg(column))
      ->findChild<QLabel*>(QStringLiteral("compareNumbers"))
      ->text();
}

bool wait_for_column(MainWindow& w, int column, const QString& text) {
  return QTest::qWaitFor([&] { return column_text(w, column).contains(text); }, 5000);
}

StoredMessage current_leaf(MainWindow& w) {
  const std::vector<StoredMessage> branch = w.controller().current_branch();
  return branch.empty() ? StoredMessage{} : branch.back();
}

}  // namespace

class CompareTest : public QObject {
  Q_OBJECT

 private slots:
  void dialogNeedsTwoToFourModelsAndItsFieldFilters() {
    CompareFixture f;
    MainWindow& w = f.window();
    // The live lists fill the picker, which the dialog offers.
    auto* picker = w.findChild<ModelPicker*>(QStringLiteral("modelPicker"));
    QVERIFY(
        QTest::qWaitFor([&] { return picker->lists(kMistral) && picker->lists(kLlama); }, 5000));
    QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("compareButton")), Qt::LeftButton);
    auto* dialog = w.findChild<CompareDialog*>();
    QVERIFY(dialog);
    auto* list = dialog->findChild<QListWidget*>(QStringLiteral("compareModels"));
    auto* ok = dialog->findChild<QPushButton*>();
    for (QPushButton* button : dialog->findChildren<QPushButton*>()) {
      if (button->text() == QStringLiteral("Compare")) ok = button;
    }
    // The current model is ticked: one is not a comparison.
    QCOMPARE(dialog->chosen(), std::vector<ModelChoice>{kGpt});
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("compareFilter")),
                     QStringLiteral("mistral-large"));
    QListWidgetItem* mistral = nullptr;
    int shown_models = 0;
    for (int row = 0; row < list->count(); ++row) {
      QListWidgetItem* item = list->item(row);
      if (item->isHidden() || !(item->flags() & Qt::ItemIsUserCheckable)) continue;
      ++shown_models;
      if (item->toolTip().contains(QStringLiteral("mistral-large-latest"))) mistral = item;
    }
    QVERIFY(mistral);
    QCOMPARE(shown_models, 2);  // the match, and the model ticked already
    mistral->setCheckState(Qt::Checked);
    QVERIFY(ok->isEnabled());
    // Five is too many.
    int ticked = 2;
    for (int row = 0; row < list->count() && ticked < 5; ++row) {
      QListWidgetItem* item = list->item(row);
      if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState() != Qt::Checked) {
        item->setCheckState(Qt::Checked);
        ++ticked;
      }
    }
    QVERIFY(!ok->isEnabled());
    for (int row = list->count() - 1; row >= 0 && ticked > 3; --row) {
      QListWidgetItem* item = list->item(row);
      if (item->checkState() == Qt::Checked && item != mistral &&
          !item->toolTip().endsWith(QStringLiteral("gpt-4o"))) {
        item->setCheckState(Qt::Unchecked);
        --ticked;
      }
    }
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(w.comparing());
    QCOMPARE(w.compare_view().columns(), 3);
    QVERIFY(w.compare_view().isVisible());
    QVERIFY(!w.transcript().isVisible());
  }

  void threeModelsAtOnceEachInItsColumnAndContinueWithTheSecond() {
    CompareFixture f;
    Gate all_asked;
    // gpt-4o slow, Mistral fast, Llama cut off after its first piece. None answers before the
    // server has all three requests: a window that sent them one after another never gets there.
    f.server.route("/o/v1/chat/completions",
                   Reply::stream(openai_events({"Hello ", "from ", "gpt."}))
                       .with_pause(100ms)
                       .with_gate_before(0, all_asked));
    f.server.route(
        "/m/v1/chat/completions",
        Reply::stream({openai_stream({"Mistral here."})}).with_gate_before(0, all_asked));
    const std::vector<std::string> llama = openai_events({"Partial", " rest"});
    f.server.route("/t/v1/chat/completions",
                   Reply::stream({llama[0] + llama[1], llama[2] + llama[3]})
                       .with_gate_before(0, all_asked)
                       .with_drop_after(1));
    MainWindow& w = f.window();
    w.start_comparing({kGpt, kMistral, kLlama});
    type_and_send(w, QStringLiteral("Say hello"));
    QVERIFY2(QTest::qWaitFor([&] { return f.asked() == 3; }, 5000),
             "the three requests did not start at once");
    for (int column = 0; column < 3; ++column) {
      QVERIFY(!column_text(w, column).contains(QStringLiteral("Hello")));
      QVERIFY(!column_text(w, column).contains(QStringLiteral("Mistral here")));
    }
    QVERIFY(w.controller().streaming());
    QVERIFY(!column_button(w, 1)->isEnabled());
    all_asked.open();
    QVERIFY(wait_until_idle(w, 10000));
    QVERIFY2(wait_for_column(w, 0, QStringLiteral("Hello from gpt.")),
             qPrintable(column_text(w, 0)));
    QVERIFY(wait_for_column(w, 1, QStringLiteral("Mistral here.")));
    // The failed model: what arrived, then its error, in its own column.
    QVERIFY(wait_for_column(w, 2, QStringLiteral("Partial")));
    QVERIFY2(column_text(w, 2).contains(QStringLiteral("\u26A0")), qPrintable(column_text(w, 2)));
    QVERIFY(!column_text(w, 0).contains(QStringLiteral("\u26A0")));
    // The numbers under each finished answer: the fixture's streams report 12 in, 34 out.
    QVERIFY2(column_numbers(w, 0).contains(QStringLiteral("34 out")),
             qPrintable(column_numbers(w, 0)));
    QVERIFY(column_numbers(w, 0).contains(QStringLiteral("first token")));
    QVERIFY(column_numbers(w, 0).contains(QStringLiteral("$")));  // gpt-4o's shipped price
    // gpt-4o's pieces come 100 ms apart: a rate; Mistral's one piece may not have one.
    QVERIFY(column_numbers(w, 0).contains(QStringLiteral("tokens/s")));
    QVERIFY(column_numbers(w, 1).contains(QStringLiteral("first token")));
    QCOMPARE(f.asked("/o"), std::size_t{1});
    QCOMPARE(f.asked("/m"), std::size_t{1});
    QCOMPARE(f.asked("/t"), std::size_t{1});

    // Stored as the command line stores it: three sibling answers to one prompt, the first the
    // branch until another is chosen.
    const std::string first = w.controller().compared_answer_id(0);
    const std::string second = w.controller().compared_answer_id(1);
    QVERIFY(!first.empty() && !second.empty());
    QCOMPARE(current_leaf(w).id, first);
    std::vector<StoredMessage> siblings;
    QVERIFY(!w.controller().store()->siblings(second, siblings));
    QCOMPARE(siblings.size(), std::size_t{3});

    QVERIFY(column_button(w, 1)->isEnabled());
    QTest::mouseClick(column_button(w, 1), Qt::LeftButton);
    QVERIFY(!w.comparing());
    QVERIFY(w.transcript().isVisible());
    QCOMPARE(current_leaf(w).id, second);
    ConversationSummary summary;
    QVERIFY(!w.controller().store()->find_conversation(w.controller().conversation_id(), summary));
    QCOMPARE(summary.current_leaf_id, second);
    QVERIFY(wait_for_transcript(w, QStringLiteral("Mistral here.")));
    QVERIFY(!transcript_text(w).contains(QStringLiteral("Hello from gpt.")));
    QVERIFY2(transcript_text(w).contains(QStringLiteral("2/3")), qPrintable(transcript_text(w)));

    // The next message continues from the chosen answer, with the picker's model.
    type_and_send(w, QStringLiteral("And then?"));
    QVERIFY(QTest::qWaitFor([&] { return f.asked("/o") == 2; }, 5000));
    QVERIFY(wait_until_idle(w));
    const nlohmann::json messages = f.last_body("/o")["messages"];
    QCOMPARE(messages.size(), std::size_t{3});
    QCOMPARE(messages[0]["content"].get<std::string>(), std::string("Say hello"));
    QCOMPARE(messages[1]["role"].get<std::string>(), std::string("assistant"));
    QCOMPARE(messages[1]["content"].get<std::string>(), std::string("Mistral here."));
    QCOMPARE(messages[2]["content"].get<std::string>(), std::string("And then?"));
  }

  void oneStopEndsEveryAnswerAndKeepsWhatArrived() {
    CompareFixture f;
    Gate never_opened;
    f.server.route("/o/v1/chat/completions",
                   held_after(openai_stream({"One", " two"}), "One", never_opened));
    f.server.route("/m/v1/chat/completions",
                   held_after(openai_stream({"Uno", " dos"}), "Uno", never_opened));
    f.server.route("/t/v1/chat/completions",
                   held_after(openai_stream({"Eins", " zwei"}), "Eins", never_opened));
    MainWindow& w = f.window();
    w.start_comparing({kGpt, kMistral, kLlama});
    type_and_send(w, QStringLiteral("Count"));
    QVERIFY(wait_for_column(w, 0, QStringLiteral("One")));
    QVERIFY(wait_for_column(w, 1, QStringLiteral("Uno")));
    QVERIFY(wait_for_column(w, 2, QStringLiteral("Eins")));
    QVERIFY(w.findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());
    QTest::keyClick(&w, Qt::Key_Escape);  // Esc, as the Stop button
    QVERIFY(wait_until_idle(w));
    for (int column = 0; column < 3; ++column) {
      QVERIFY2(wait_for_column(w, column, QStringLiteral("Stopped: the partial answer is kept.")),
               qPrintable(column_text(w, column)));
    }
    QVERIFY(!column_text(w, 1).contains(QStringLiteral("dos")));
    // Kept in the store, interrupted, and the history goes on from the first.
    for (std::size_t column = 0; column < 3; ++column) {
      const StoredMessage answer =
          w.controller().stored_message(w.controller().compared_answer_id(column));
      QCOMPARE(answer.status, MessageStatus::interrupted);
    }
    const History history = w.controller().history();
    QCOMPARE(history.size(), std::size_t{2});
    QCOMPARE(history[1].content, std::string("One"));
    QVERIFY(history[1].interrupted);
  }

  void leavingWithoutChoosingKeepsTheFirstAnswer() {
    CompareFixture f;
    f.server.route("/o/v1/chat/completions", Reply::stream({openai_stream({"First."})}));
    f.server.route("/m/v1/chat/completions", Reply::stream({openai_stream({"Second."})}));
    MainWindow& w = f.window();
    w.start_comparing({kGpt, kMistral});
    QCOMPARE(w.compare_view().columns(), 2);
    type_and_send(w, QStringLiteral("Hi"));
    QVERIFY(QTest::qWaitFor([&] { return f.asked() == 2; }, 5000));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_column(w, 1, QStringLiteral("Second.")));
    QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("leaveCompareButton")),
                      Qt::LeftButton);
    QVERIFY(!w.comparing());
    QCOMPARE(current_leaf(w).id, w.controller().compared_answer_id(0));
    QVERIFY(wait_for_transcript(w, QStringLiteral("First.")));
    QVERIFY(transcript_text(w).contains(QStringLiteral("1/2")));
  }

  void aModelRefusedShowsItsErrorAndCannotBeContinuedWith() {
    CompareFixture f;
    f.server.route("/o/v1/chat/completions", Reply::stream({openai_stream({"Fine."})}));
    f.server.route("/m/v1/chat/completions",
                   Reply::json(401, "{\"error\":{\"message\":\"Unauthorized key\"}}"));
    MainWindow& w = f.window();
    w.start_comparing({kGpt, kMistral});
    type_and_send(w, QStringLiteral("Hi"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_column(w, 0, QStringLiteral("Fine.")));
    QVERIFY2(wait_for_column(w, 1, QStringLiteral("Unauthorized key")),
             qPrintable(column_text(w, 1)));
    QVERIFY(column_button(w, 0)->isEnabled());
    QVERIFY(!column_button(w, 1)->isEnabled());
    QCOMPARE(w.controller().stored_message(w.controller().compared_answer_id(1)).status,
             MessageStatus::failed);
  }

  void aMissingKeySendsNothingAndKeepsTheText() {
    CompareFixture f;
    f.env.erase("MISTRAL_API_KEY");
    f.env.erase("MISTRAL_BASE_URL");  // Mistral's own service, which needs a key
    MainWindow& w = f.window();
    w.start_comparing({kGpt, kMistral});
    type_and_send(w, QStringLiteral("Hi"));
    auto* notice = w.compare_view().findChild<QLabel*>(QStringLiteral("compareNotice"));
    QVERIFY(QTest::qWaitFor([&] { return notice->isVisible(); }, 2000));
    QVERIFY2(notice->text().contains(QStringLiteral("MISTRAL_API_KEY")),
             qPrintable(notice->text()));
    QCOMPARE(f.asked(), std::size_t{0});
    QCOMPARE(w.findChild<PromptEdit*>(QStringLiteral("prompt"))->toPlainText(),
             QStringLiteral("Hi"));
    QVERIFY(!w.controller().streaming());
  }

  void unrecordedTheChosenAnswerIsWhatTheNextMessageFollows() {
    CompareFixture f;
    f.write_config("{\"log\": false}");
    f.server.route("/o/v1/chat/completions", Reply::stream({openai_stream({"From gpt."})}));
    f.server.route("/m/v1/chat/completions", Reply::stream({openai_stream({"From mistral."})}));
    MainWindow& w = f.window();
    QVERIFY(!w.controller().recording());
    w.start_comparing({kGpt, kMistral});
    type_and_send(w, QStringLiteral("Hi"));
    QVERIFY(QTest::qWaitFor([&] { return f.asked() == 2; }, 5000));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_column(w, 1, QStringLiteral("From mistral.")));
    QCOMPARE(w.controller().history().back().content, std::string("From gpt."));
    QTest::mouseClick(column_button(w, 1), Qt::LeftButton);
    QVERIFY(wait_for_transcript(w, QStringLiteral("From mistral.")));
    QCOMPARE(w.controller().history().back().content, std::string("From mistral."));
    type_and_send(w, QStringLiteral("More"));
    QVERIFY(QTest::qWaitFor([&] { return f.asked("/o") == 2; }, 5000));
    QVERIFY(wait_until_idle(w));
    const nlohmann::json messages = f.last_body("/o")["messages"];
    QCOMPARE(messages.size(), std::size_t{3});
    QCOMPARE(messages[1]["content"].get<std::string>(), std::string("From mistral."));
  }

  void newChatOrClosingMidComparisonKeepsThePartialAnswersInterrupted() {
    CompareFixture f;
    Gate never_opened;
    f.server.route("/o/v1/chat/completions",
                   held_after(openai_stream({"Alpha", " beta"}), "Alpha", never_opened));
    f.server.route("/m/v1/chat/completions",
                   held_after(openai_stream({"Gamma", " delta"}), "Gamma", never_opened));
    MainWindow& w = f.window();
    w.start_comparing({kGpt, kMistral});
    type_and_send(w, QStringLiteral("First"));
    QVERIFY(wait_for_column(w, 0, QStringLiteral("Alpha")));
    QVERIFY(wait_for_column(w, 1, QStringLiteral("Gamma")));
    const std::string first_conversation = w.controller().conversation_id();
    // New Chat: the comparison is dropped at once, and compare mode waits for the next message.
    QTest::mouseClick(w.findChild<QPushButton*>(QStringLiteral("newChatButton")), Qt::LeftButton);
    QVERIFY(!w.controller().streaming());
    QVERIFY(w.comparing());
    QCOMPARE(w.compare_view().columns(), 2);
    QVERIFY(!column_text(w, 0).contains(QStringLiteral("Alpha")));
    QTest::qWait(100);  // nothing of the old answers arrives late
    QVERIFY(!column_text(w, 0).contains(QStringLiteral("Alpha")));
    // Another comparison, then the window closes while it streams.
    type_and_send(w, QStringLiteral("Second"));
    QVERIFY(wait_for_column(w, 1, QStringLiteral("Gamma")));
    const std::string second_conversation = w.controller().conversation_id();
    QVERIFY(second_conversation != first_conversation);
    f.close_window();

    std::shared_ptr<Store> store;
    QVERIFY(!Store::open(f.store_path(), store));
    for (const std::string& id : {first_conversation, second_conversation}) {
      StoredConversation conversation;
      QVERIFY(!store->load_conversation(id, conversation));
      QCOMPARE(conversation.messages.size(), std::size_t{3});  // the prompt, two answers
      for (const StoredMessage& message : conversation.messages) {
        if (message.role != Role::assistant) continue;
        QCOMPARE(message.status, MessageStatus::interrupted);
        QVERIFY(message.text == "Alpha" || message.text == "Gamma");
      }
    }
  }
};

}  // namespace tinychat::gui::testing

QTEST_MAIN(tinychat::gui::testing::CompareTest)
#include "compare_test.moc"
