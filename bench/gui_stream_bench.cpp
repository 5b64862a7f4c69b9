// The window under a streaming reply: 20,000 tokens of a Markdown answer (paragraphs, lists,
// headings, code) reach the real MainWindow from a loopback server on 127.0.0.1, offscreen.
// Reports the CPU time of the GUI thread from Send until the transcript shows the whole answer,
// and the longest gap between two repaints of the transcript in that time (the first gap, from
// Send, holds the time the first piece takes to arrive: "first piece").
//
//   build/bench/gui_stream_bench [--tokens N] [--runs R] [--columns C]
//
// --columns 2 to 4: Compare mode, the same answer streaming from C models at once into C
// columns side by side; the gap is then between two repaints of any column, and the run ends
// when every column shows its whole answer.
//
// Two paces: "flood" sends the stream as fast as the socket takes it; "paced" sends 100 tokens
// every 5 ms (20,000 tokens per second, faster than any model writes).
#include <time.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_statistics.h"
#include "compare_view.h"
#include "gui_test_support.h"
#include "main_window.h"
#include "prompt_edit.h"
#include "support/loopback_server.h"
#include "transcript_view.h"

namespace {

using tinychat::gui::MainWindow;
using tinychat::testing::LoopbackServer;
using tinychat::testing::Reply;

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

// About four characters a token, as models' tokenizers cut English text.
std::vector<std::string> markdown_tokens(int count) {
  const std::string section =
      "## Step {n}: measure before you change\n\n"
      "Profiling shows where the time goes; *guessing* rarely does. Start with the **hot "
      "path**, then look at allocations, then at the cache.\n\n"
      "- Record a baseline with `perf stat`.\n"
      "- Change one thing at a time.\n"
      "- Keep the numbers in the [README](https://example.com/readme).\n\n"
      "```cpp\n"
      "for (const auto& event : events) {\n"
      "  total += decode(event);\n"
      "}\n"
      "```\n\n"
      "That loop is the whole story: the decoder does the work, the rest waits.\n\n";
  std::string text;
  for (int n = 1; text.size() < 4u * static_cast<std::size_t>(count); ++n) {
    std::string numbered = section;
    numbered.replace(numbered.find("{n}"), 3, std::to_string(n));
    text += numbered;
  }
  std::vector<std::string> pieces = tinychat::gui::testing::tokens(text, 4);
  pieces.resize(static_cast<std::size_t>(count));
  return pieces;
}

// Joins events into pieces of `per_piece` events each.
std::vector<std::string> pieces_of(const std::vector<std::string>& events, std::size_t per_piece) {
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < events.size(); i += per_piece) {
    std::string piece;
    for (std::size_t j = i; j < std::min(events.size(), i + per_piece); ++j) piece += events[j];
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

// Records when the transcript's viewport is painted.
class PaintClock : public QObject {
 public:
  std::vector<qint64> paints_ns;
  QElapsedTimer clock;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::Paint) paints_ns.push_back(clock.nsecsElapsed());
    return QObject::eventFilter(watched, event);
  }
};

struct RunResult {
  double gui_cpu_ms = 0;
  double wall_ms = 0;
  double longest_gap_ms = 0;
  double first_piece_ms = 0;  // Send to the first piece reaching the GUI thread
  std::size_t paints = 0;
  int renders = 0;
  bool complete = false;
  std::string why;
};

RunResult run_once(const std::vector<std::string>& pieces, std::chrono::milliseconds pause,
                   std::size_t expected_chars, int columns) {
  LoopbackServer server;
  server.route("/v1/models", Reply::json(200, R"({"object":"list","data":[]})"));
  for (int i = 0; i < columns; ++i) server.enqueue(Reply::stream(pieces).with_pause(pause));

  tinychat::gui::GuiEnvironment environment;
  environment.choice = {"openai", "bench", server.url("/v1")};
  environment.env = [](std::string_view) { return std::optional<std::string>(); };
  environment.config_path = "/nonexistent/tinychat-bench/config.json";
  // A store and a window.ini of its own: each run starts a new conversation, recorded as a
  // user's would be, and the user's own store is never touched.
  QTemporaryDir folder;
  environment.store_path = folder.filePath(QStringLiteral("tinychat.db")).toStdString();
  environment.window_state_path = folder.filePath(QStringLiteral("window.ini")).toStdString();
  MainWindow window(std::move(environment));
  window.resize(columns > 1 ? 1600 : 1000, 760);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window)) std::fprintf(stderr, "window not exposed\n");
  QTest::qWait(50);  // let the start-up model listing settle

  PaintClock paints;
  if (columns > 1) {
    std::vector<tinychat::gui::ModelChoice> models;
    for (int i = 0; i < columns; ++i) models.push_back({"openai", "bench-" + std::to_string(i)});
    window.start_comparing(models);
    QTest::qWait(50);  // the columns laid out
    for (int i = 0; i < columns; ++i)
      window.compare_view().answer(i).viewport()->installEventFilter(&paints);
  } else {
    window.transcript().viewport()->installEventFilter(&paints);
  }
  auto rendering = [&] {
    return columns > 1 ? window.compare_view().rendering()
                       : window.transcript().reply_in_progress();
  };
  auto* prompt = window.findChild<tinychat::gui::PromptEdit*>(QStringLiteral("prompt"));
  prompt->setPlainText(QStringLiteral("Explain how to optimise a hot loop."));

  paints.clock.start();
  const double cpu_start = thread_cpu_ms();
  // When the first piece of the answer reaches the GUI thread: the time before it is the
  // network's and the server's, not the window's.
  qint64 first_piece_ns = -1;
  auto note_first = [&] {
    if (first_piece_ns < 0) first_piece_ns = paints.clock.nsecsElapsed();
  };
  QObject::connect(&window.controller(), &tinychat::gui::ChatController::answer_arrived, &paints,
                   note_first);
  QObject::connect(&window.controller(), &tinychat::gui::ChatController::compared_answer_arrived,
                   &paints, note_first);
  window.send();
  const bool finished =
      QTest::qWaitFor([&] { return !window.controller().streaming() && !rendering(); }, 120'000);
  const double cpu_end = thread_cpu_ms();
  const qint64 end_ns = paints.clock.nsecsElapsed();
  // The repaint that shows the end of the answer comes after the reply ended: it counts.
  (void)QTest::qWaitFor(
      [&] { return !paints.paints_ns.empty() && paints.paints_ns.back() > end_ns; }, 1000);

  RunResult result;
  result.gui_cpu_ms = cpu_end - cpu_start;
  result.wall_ms = end_ns / 1e6;
  result.first_piece_ms = first_piece_ns / 1e6;
  result.paints = paints.paints_ns.size();
  result.renders = window.transcript().render_count();
  for (int i = 0; columns > 1 && i < columns; ++i)
    result.renders += window.compare_view().answer(i).render_count();
  // From Send to the first repaint, between repaints, up to the first one after the end.
  qint64 previous = 0;
  for (qint64 at : paints.paints_ns) {
    result.longest_gap_ms = std::max(result.longest_gap_ms, (at - previous) / 1e6);
    previous = at;
    if (at > end_ns) break;
  }
  const tinychat::History history = window.controller().history();
  result.complete = finished && history.size() == 2 && history[1].content.size() == expected_chars;
  if (!result.complete) {
    result.why = "finished " + std::to_string(finished) + ", " + std::to_string(history.size()) +
                 " messages";
    if (history.size() == 2)
      result.why += ", " + std::to_string(history[1].content.size()) + " characters";
  }
  return result;
}

using tinychat::bench::median;

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  int tokens = 20'000;
  int runs = 5;
  int columns = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--tokens") == 0) tokens = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--columns") == 0) columns = std::atoi(argv[i + 1]);
  }
  QApplication app(argc, argv);

  const std::vector<std::string> answer = markdown_tokens(tokens);
  std::size_t chars = 0;
  for (const std::string& token : answer) chars += token.size();
  const std::vector<std::string> events = tinychat::gui::testing::openai_events(answer);
  if (columns < 1 || columns > 4) {
    std::fprintf(stderr, "--columns takes 1 to 4\n");
    return 2;
  }
  std::printf("%d tokens (%zu bytes of Markdown), %d runs each, offscreen, %d column%s\n", tokens,
              chars, runs, columns, columns > 1 ? "s (Compare mode)" : "");
  std::printf("%-8s %14s %14s %16s %8s %8s %12s\n", "pace", "GUI CPU ms", "wall ms",
              "longest gap ms", "paints", "renders", "first piece");

  struct Pace {
    const char* name;
    std::size_t events_per_piece;
    std::chrono::milliseconds pause;
  };
  for (const Pace& pace : {Pace{"flood", 200, std::chrono::milliseconds(0)},
                           Pace{"paced", 100, std::chrono::milliseconds(5)}}) {
    const std::vector<std::string> pieces = pieces_of(events, pace.events_per_piece);
    std::vector<double> cpu, wall, gap, first;
    RunResult last;
    for (int run = 0; run < runs; ++run) {
      last = run_once(pieces, pace.pause, chars, columns);
      if (!last.complete) {
        std::fprintf(stderr, "%s: run %d did not receive the whole answer (%s)\n", pace.name, run,
                     last.why.c_str());
        return 1;
      }
      cpu.push_back(last.gui_cpu_ms);
      wall.push_back(last.wall_ms);
      gap.push_back(last.longest_gap_ms);
      first.push_back(last.first_piece_ms);
    }
    std::printf("%-8s %8.1f (max %5.1f) %8.1f %9.1f (max %5.1f) %8zu %8d %9.1f ms\n", pace.name,
                median(cpu), *std::max_element(cpu.begin(), cpu.end()), median(wall), median(gap),
                *std::max_element(gap.begin(), gap.end()), last.paints, last.renders,
                median(first));
  }
  return 0;
}
