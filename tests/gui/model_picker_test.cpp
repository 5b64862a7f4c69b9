// The model picker: the catalog, the config file's endpoints, live lists, and preselection.

#include "model_picker.h"

#include <QCompleter>
#include <QStandardItemModel>
#include <QTest>
#include <nlohmann/json.hpp>

#include "gui_test_support.h"
#include "main_window.h"

using tinychat::testing::Reply;

namespace tinychat::gui::testing {

namespace {

ModelPicker* picker(MainWindow& w) {
  return w.findChild<ModelPicker*>(QStringLiteral("modelPicker"));
}

bool lists(MainWindow& w, const char* provider, const char* model) {
  return picker(w)->lists({provider, model});
}

}  // namespace

class ModelPickerTest : public QObject {
  Q_OBJECT

 private slots:
  void offersTheCatalogOfEveryProvider() {
    WindowFixture f;
    f.choice = {"anthropic", "claude-sonnet-4-6", ""};
    MainWindow& w = f.window();
    QVERIFY(lists(w, "openai", "gpt-4o"));
    QVERIFY(lists(w, "anthropic", "claude-sonnet-4-6"));
    QVERIFY(lists(w, "mistral", "mistral-large-latest"));
    QVERIFY(lists(w, "together", "meta-llama/Llama-3.3-70B-Instruct-Turbo"));
    QVERIFY(lists(w, "gemini", "gemini-2.5-pro"));
    QVERIFY(lists(w, "cohere", "command-a-03-2025"));
    // Section titles are there to read, not to choose.
    QStandardItemModel* items = qobject_cast<QStandardItemModel*>(picker(w)->model());
    QVERIFY(items->item(0)->text().startsWith(QStringLiteral("OpenAI")));
    QVERIFY(!(items->item(0)->flags() & Qt::ItemIsSelectable));
  }

  void providersWithoutAKeyAreMarkedAndAServerOfOnesOwnListsItsModelsOnly() {
    WindowFixture f;  // openai through the loopback server; no key for anyone
    MainWindow& w = f.window();
    QStandardItemModel* items = qobject_cast<QStandardItemModel*>(picker(w)->model());
    QStringList titles;
    for (int row = 0; row < items->rowCount(); ++row)
      if (!(items->item(row)->flags() & Qt::ItemIsSelectable)) titles << items->item(row)->text();
    QVERIFY2(titles.contains(QStringLiteral("OpenAI (your server)")), qPrintable(titles.join(',')));
    QVERIFY(titles.contains(QStringLiteral("Anthropic — no key")));
    QVERIFY(!lists(w, "openai", "gpt-4o"));  // the cloud catalog is not what the server has
    QVERIFY(QTest::qWaitFor([&] { return lists(w, "openai", "live-model-from-server"); }));
  }

  void typingFiltersTheModels() {
    WindowFixture f;
    MainWindow& w = f.window();
    ModelPicker* box = picker(w);
    QVERIFY(box->isEditable());
    box->completer()->setCompletionPrefix(QStringLiteral("sonnet"));
    QAbstractItemModel* shown = box->completer()->completionModel();
    QVERIFY(shown->rowCount() > 0);
    for (int row = 0; row < shown->rowCount(); ++row)
      QVERIFY(shown->index(row, 0).data().toString().contains(QStringLiteral("Sonnet"),
                                                              Qt::CaseInsensitive));
  }

  void preselectsWhatTheCommandLineAsked() {
    WindowFixture f;
    f.choice = {"", "claude-opus-4-6", ""};
    const ModelChoice chosen = picker(f.window())->current_choice();
    QCOMPARE(chosen.provider, std::string("anthropic"));
    QCOMPARE(chosen.model, std::string("claude-opus-4-6"));
  }

  void aModelTheCatalogLacksIsAddedAndChosen() {
    WindowFixture f;  // -p openai --base-url <server> -m test-model
    const ModelChoice chosen = picker(f.window())->current_choice();
    QCOMPARE(chosen.provider, std::string("openai"));
    QCOMPARE(chosen.model, std::string("test-model"));
  }

  void addsTheLiveListFetchedInTheBackground() {
    WindowFixture f;
    MainWindow& w = f.window();
    QVERIFY(QTest::qWaitFor([&] { return lists(w, "openai", "live-model-from-server"); }));
    // Only providers that can answer are asked: here the one with a server of its own.
    for (const auto& request : f.server.requests()) {
      if (request.path() == "/v1/models") QCOMPARE(request.method, std::string("GET"));
    }
  }

  void offersTheConfigFilesEndpointsAndSendsToThem() {
    WindowFixture f;
    f.choice = {};
    f.write_config(nlohmann::json{{"endpoints",
                                   {{{"name", "local"},
                                     {"base_url", f.server.url("/v1")},
                                     {"models", {"llama3.2", "qwen3"}}}}}}
                       .dump());
    f.server.enqueue(Reply::stream({openai_stream({"from the endpoint"})}));
    MainWindow& w = f.window();
    QVERIFY(lists(w, "local", "llama3.2"));
    QVERIFY(lists(w, "local", "qwen3"));
    picker(w)->choose({"local", "qwen3"});
    QVERIFY(w.windowTitle().contains(QStringLiteral("qwen3")));
    type_and_send(w, QStringLiteral("hi"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("from the endpoint")));
    QCOMPARE(nlohmann::json::parse(f.chat_request_body(0))["model"].get<std::string>(),
             std::string("qwen3"));
  }

  void choosingAProviderWithoutAKeySaysWhichKeyIsMissing() {
    WindowFixture f;
    MainWindow& w = f.window();
    QVERIFY(!transcript_text(w).contains(QStringLiteral("No API key")));
    picker(w)->choose({"gemini", "gemini-2.5-flash"});
    QVERIFY(transcript_text(w).contains(
        QStringLiteral("No API key for gemini: set GEMINI_API_KEY or GOOGLE_API_KEY")));
    // The --base-url of the command line belongs to openai: back there, it is fine again.
    picker(w)->choose({"openai", "test-model"});
    f.server.enqueue(Reply::stream({openai_stream({"back"})}));
    type_and_send(w, QStringLiteral("q"));
    QVERIFY(wait_until_idle(w));
    QVERIFY(wait_for_transcript(w, QStringLiteral("back")));
  }
};

}  // namespace tinychat::gui::testing

QTEST_MAIN(tinychat::gui::testing::ModelPickerTest)
#include "model_picker_test.moc"
