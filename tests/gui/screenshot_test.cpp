// Writes docs/screenshot.png, the README's picture: the window in the middle of a conversation.

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QProgressBar>
#include <QSet>
#include <QTest>

#include "dark_theme.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "tinychat/store.h"

using tinychat::testing::Gate;
using tinychat::testing::Reply;

namespace tinychat::gui::testing {

namespace {

const char* kFirstAnswer =
    "## Reading a file line by line\n\n"
    "Use `std::getline` on an `std::ifstream`:\n\n"
    "```cpp\n"
    "std::ifstream in(\"notes.txt\");\n"
    "for (std::string line; std::getline(in, line);)\n"
    "  std::cout << line << '\\n';\n"
    "```\n\n"
    "- It handles any line length.\n"
    "- The loop ends at the end of the file, or on an error.\n\n"
    "See [cppreference](https://en.cppreference.com/w/cpp/string/basic_string/getline).";

// Earlier conversations, so that the sidebar shows what it is for.
void add_earlier_conversations(const std::filesystem::path& db) {
  std::shared_ptr<Store> store;
  QVERIFY(!Store::open(db, store));
  const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
  const std::int64_t hour = 3'600'000;
  const struct {
    const char* title;
    const char* model;
    std::int64_t ago;
  } earlier[] = {
      {"Sourdough starter schedule", "claude-sonnet-4-6", 3 * hour},
      {"Rust lifetimes in a struct", "gpt-5.4", 5 * hour},
      {"Trip to Lisbon: three days", "gemini-2.5-pro", 26 * hour},
      {"SQL window functions", "gpt-5.4", 30 * hour},
      {"Tax on savings interest", "mistral-large-latest", 9 * 24 * hour},
      {"Guitar chord progressions", "claude-sonnet-4-6", 20 * 24 * hour},
  };
  int n = 0;
  for (const auto& one : earlier) {
    StoredConversation conversation;
    // Ids ordered by time, as the store's are: Crockford's base32 of a counter.
    const std::string id = std::string("0000000000000") + std::to_string(100 + n++);
    conversation.summary.id = id;
    conversation.summary.title = one.title;
    conversation.summary.created_ms = now - one.ago;
    conversation.summary.updated_ms = now - one.ago;
    StoredMessage prompt;
    prompt.id = "00000000000" + std::to_string(10000 + 2 * n);
    prompt.conversation_id = id;
    prompt.text = one.title;
    StoredMessage answer = prompt;
    answer.id = "00000000000" + std::to_string(10001 + 2 * n);
    answer.parent_id = prompt.id;
    answer.role = Role::assistant;
    answer.model = one.model;
    answer.provider = "openai";
    answer.text = "…";
    conversation.summary.current_leaf_id = answer.id;
    conversation.messages = {prompt, answer};
    bool added = false;
    const Error error = store->import_conversation(conversation, added);
    QVERIFY2(!error, error.message.c_str());
  }
}

// The same picture but for a few words: the sidebar's dates ("19 Nov") move with the calendar
// and an answer's speed with the machine's timing, a few hundred pixels; a change of layout or
// colour changes far more than the 0.3% allowed.
bool same_outside(const QImage& saved, const QImage& fresh, const QRect& excluded) {
  if (saved.size() != fresh.size()) return false;
  const QImage a = saved.convertToFormat(QImage::Format_RGB32);
  const QImage b = fresh.convertToFormat(QImage::Format_RGB32);
  const qint64 allowed = qint64{a.width()} * a.height() * 3 / 1000;
  qint64 differing = 0;
  for (int y = 0; y < a.height(); ++y) {
    for (int x = 0; x < a.width(); ++x) {
      if (!excluded.contains(x, y) && a.pixel(x, y) != b.pixel(x, y) && ++differing > allowed)
        return false;
    }
  }
  return true;
}

}  // namespace

class ScreenshotTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    apply_dark_theme(*qApp);
    QApplication::setCursorFlashTime(0);  // a caret that blinks would make every picture differ
  }

  void windowMidConversation() {
    WindowFixture f;
    f.choice.model = "gpt-5.4";
    f.server.enqueue(Reply::stream({openai_stream(tokens(kFirstAnswer, 6))}));
    Gate rest;
    const std::string second = openai_stream(
        tokens("In Python, iterate over the file object itself: it yields one "
               "line at a time, so even a huge file never sits in memory whole.",
               5),
        {"The user wants the Python equivalent. ", "A for loop over open() is the idiom."});
    // Held back mid-answer: reasoning and about half the answer are shown.
    f.server.enqueue(held_after(second, " yiel", rest));

    add_earlier_conversations(f.store_path());
    MainWindow& w = f.window();
    w.resize(1180, 740);
    type_and_send(w, QStringLiteral("How do I read a file line by line in C++?"));
    QVERIFY(wait_until_idle(w));
    type_and_send(w, QStringLiteral("And in Python?"));
    QVERIFY(wait_for_transcript(w, QStringLiteral("iterate over")));
    QTest::qWait(50);  // one more frame for the transcript and the progress bar

    const QImage image = w.grab().toImage();
    QCOMPARE(image.size(), w.size() * w.devicePixelRatio());
    // A picture of text, buttons and a green accent, not a blank rectangle.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
      for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));

    const QString docs = QStringLiteral(TINYCHAT_SOURCE_DIR "/docs");
    const QString path = docs + QStringLiteral("/screenshot.png");
    // The busy bar moves with the clock: a picture that differs only there is the same picture,
    // and leaving the file alone keeps a checkout clean after the tests.
    const auto* progress = w.findChild<QProgressBar*>(QStringLiteral("replyProgress"));
    const QRect moving(progress->mapTo(&w, QPoint(0, 0)) * w.devicePixelRatio(),
                       progress->size() * w.devicePixelRatio());
    if (!same_outside(QImage(path), image, moving)) {
      QVERIFY(QDir().mkpath(docs));
      QVERIFY(image.save(path));
    }
    rest.open();
    QVERIFY(wait_until_idle(w));
  }
};

}  // namespace tinychat::gui::testing

QTEST_MAIN(tinychat::gui::testing::ScreenshotTest)
#include "screenshot_test.moc"
