// The window over a large conversation store: 10,000 conversations (40,000 messages) made with
// the Store API in a temporary folder, offscreen.
//
//   build/bench/gui_history_bench [--conversations N] [--runs R]
//
// Reports the wall time from constructing the MainWindow (which opens the store, lists the
// conversations and reopens the last one, as after a restart) until it is shown and has painted,
// and the time each keystroke of a search takes in the sidebar's search field, from the key
// press until the list shows the results.
#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_statistics.h"
#include "conversation_list.h"
#include "gui_environment.h"
#include "main_window.h"
#include "tinychat/store.h"

namespace {

using tinychat::gui::GuiEnvironment;
using tinychat::gui::MainWindow;

// A store id: 16 characters of Crockford's base32, ordered as `n` is.
std::string id_of(std::uint64_t n) {
  static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
  std::string id(16, '0');
  for (int i = 15; i >= 0 && n > 0; --i, n /= 32)
    id[static_cast<std::size_t>(i)] = alphabet[n % 32];
  return id;
}

const char* kTopics[] = {"rust borrow checker", "python generators", "sourdough starter",
                         "kubernetes ingress",  "tax on savings",    "sql window functions",
                         "guitar chords",       "css grid layout",   "linux file permissions",
                         "postgres vacuum"};

void fill(tinychat::Store& store, int conversations) {
  const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
  std::uint64_t next_id = 1000;
  for (int c = 0; c < conversations; ++c) {
    tinychat::StoredConversation conversation;
    const std::string topic = kTopics[c % 10];
    auto& summary = conversation.summary;
    summary.id = id_of(next_id++);
    summary.title = "About " + topic + " #" + std::to_string(c);
    // Spread over a year, the newest last.
    summary.created_ms = now - (static_cast<std::int64_t>(conversations - c) * 3'150'000);
    summary.updated_ms = summary.created_ms + 60'000;
    std::string parent;
    for (int turn = 0; turn < 2; ++turn) {
      tinychat::StoredMessage prompt;
      prompt.id = id_of(next_id++);
      prompt.conversation_id = summary.id;
      prompt.parent_id = parent;
      prompt.role = tinychat::Role::user;
      prompt.text = "Tell me about " + topic + ", part " + std::to_string(turn) + ".";
      prompt.sent_ms = summary.created_ms + turn * 20'000;
      tinychat::StoredMessage answer;
      answer.id = id_of(next_id++);
      answer.conversation_id = summary.id;
      answer.parent_id = prompt.id;
      answer.role = tinychat::Role::assistant;
      answer.provider = "openai";
      answer.model = c % 3 == 0 ? "gpt-5.4" : "claude-sonnet-4-5";
      answer.text = "Here is what matters about " + topic +
                    ": start small, measure, and read the documentation. A longer answer "
                    "would go on with examples, a table, and a few caveats about edge cases.";
      answer.sent_ms = prompt.sent_ms;
      answer.first_token_ms = prompt.sent_ms + 400;
      answer.finished_ms = prompt.sent_ms + 3000;
      parent = answer.id;
      conversation.messages.push_back(prompt);
      conversation.messages.push_back(answer);
    }
    summary.current_leaf_id = parent;
    bool added = false;
    if (tinychat::Error error = store.import_conversation(conversation, added)) {
      std::fprintf(stderr, "import: %s\n", error.message.c_str());
      std::exit(1);
    }
  }
}

using tinychat::bench::median;

}  // namespace

int main(int argc, char** argv) {
  int conversations = 10000;
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--conversations") == 0) conversations = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
  }
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QTemporaryDir folder;
  const std::filesystem::path db = folder.filePath(QStringLiteral("tinychat.db")).toStdString();
  std::string last_id;
  {
    std::shared_ptr<tinychat::Store> store;
    if (tinychat::Error error = tinychat::Store::open(db, store)) {
      std::fprintf(stderr, "%s\n", error.message.c_str());
      return 1;
    }
    QElapsedTimer filling;
    filling.start();
    fill(*store, conversations);
    std::vector<tinychat::ConversationSummary> newest;
    store->recent_conversations(1, newest);
    last_id = newest.at(0).id;
    std::printf("store: %d conversations, %d messages, made in %.1f s\n", conversations,
                conversations * 4, static_cast<double>(filling.elapsed()) / 1000.0);
  }

  GuiEnvironment environment;
  environment.choice = {"openai", "gpt-5.4", "http://127.0.0.1:9/v1"};  // never contacted
  environment.env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  environment.config_path = folder.filePath(QStringLiteral("config/config.json")).toStdString();
  environment.store_path = db;
  environment.window_state_path = folder.filePath(QStringLiteral("window.ini")).toStdString();
  {
    // The window reopens the newest conversation, as after a restart.
    QSettings state(QString::fromStdString(environment.window_state_path.string()),
                    QSettings::IniFormat);
    state.setValue(QStringLiteral("conversation"), QString::fromStdString(last_id));
  }

  std::vector<double> open_ms;
  std::vector<double> key_ms;
  double worst_key = 0;
  const QString words = QStringLiteral("sourdough starter");
  for (int run = 0; run < runs; ++run) {
    QElapsedTimer timer;
    timer.start();
    auto window = std::make_unique<MainWindow>(environment);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) return 1;
    QApplication::processEvents();
    open_ms.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    const int listed = window->sidebar().list()->count();

    QLineEdit* search = window->sidebar().search_field();
    search->setFocus();
    for (const QChar c : words) {
      timer.restart();
      QTest::keyClick(search, c.toLatin1());
      QApplication::processEvents();
      const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
      key_ms.push_back(ms);
      worst_key = std::max(worst_key, ms);
    }
    const int found = window->sidebar().list()->count();
    std::printf("run %d: opened in %.1f ms (%d rows listed); search \"%s\": %d results\n", run + 1,
                open_ms.back(), listed, words.toUtf8().constData(), found);
    search->clear();
    window.reset();
  }
  std::printf("window opens: median %.1f ms, worst %.1f ms (target < 300 ms)\n", median(open_ms),
              *std::max_element(open_ms.begin(), open_ms.end()));
  std::printf("search, per keystroke: median %.1f ms, worst %.1f ms (target < 50 ms)\n",
              median(key_ms), worst_key);
  return 0;
}
