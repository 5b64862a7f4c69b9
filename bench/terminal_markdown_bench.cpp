// What rendering an answer as Markdown on a terminal costs per streamed event, against writing
// it raw (terminal_safe, what a terminal got before): a 20,000-token answer made of the
// recorded answers in tests/data/markdown, streamed in 4-byte events (about one token each).
//
//   build-release/bench/terminal_markdown_bench
//
// rendered/redraw_every:N redraws the unfinished tail after every Nth event (0: never, only the
// final blocks are rendered). The CLI redraws at most once per 16 ms frame: after every event of
// a stream slower than 60 events a second, every 2nd at 120, every 8th at 480.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "terminal_markdown/streaming_markdown.h"
#include "tinychat/terminal_text.h"

namespace {

std::string recorded(const std::string& name) {
  std::ifstream file(std::string(TINYCHAT_TEST_DATA_DIR) + "/markdown/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// About 20,000 tokens of Markdown in 4-byte events, cut only between characters.
const std::vector<std::string>& events() {
  static const std::vector<std::string> pieces = [] {
    const std::string parts[] = {recorded("headings_lists.md"), recorded("wide_table.md"),
                                 recorded("code_long_lines.md"), recorded("cjk_emoji.md")};
    std::string answer;
    for (int i = 0; answer.size() < 80'000; ++i) answer += parts[i % 4] + "\n";
    std::vector<std::string> out;
    for (std::size_t at = 0; at < answer.size();) {
      std::size_t end = std::min(answer.size(), at + 4);
      while (end < answer.size() && (static_cast<unsigned char>(answer[end]) & 0xC0) == 0x80) {
        ++end;
      }
      out.push_back(answer.substr(at, end - at));
      at = end;
    }
    return out;
  }();
  return pieces;
}

// Events per iteration, so that Google Benchmark reports the CPU time per event ("items").
void per_event(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * events().size()));
  state.counters["events"] = static_cast<double>(events().size());
}

void raw(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    std::size_t written = 0;
    for (const std::string& event : events()) {
      out.clear();
      tinychat::append_terminal_safe(out, event);
      written += out.size();
    }
    benchmark::DoNotOptimize(written);
  }
  per_event(state);
}
BENCHMARK(raw)->Name("raw/terminal_safe")->Unit(benchmark::kMillisecond);

void rendered(benchmark::State& state) {
  const auto redraw_every = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::size_t written = 0;
    tinychat::terminal_markdown::StreamingMarkdown markdown(
        {100, 40}, [&](std::string_view bytes) { written += bytes.size(); });
    std::size_t count = 0;
    for (const std::string& event : events()) {
      markdown.append(event);
      if (redraw_every != 0 && ++count % redraw_every == 0) markdown.draw_tail();
    }
    markdown.finish();
    benchmark::DoNotOptimize(written);
  }
  per_event(state);
}
BENCHMARK(rendered)
    ->Name("rendered/redraw_every")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Arg(8)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
