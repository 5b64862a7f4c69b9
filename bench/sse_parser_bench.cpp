// SSE parser throughput (MB/s) and cost per event, on streams shaped like the real APIs',
// fed in network-sized and in tiny pieces.
//   build/bench/sse_parser_bench
#include <benchmark/benchmark.h>

#include <string>

#include "tinychat/sse_parser.h"

namespace {

std::string openai_event(int i) {
  return R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,)"
         R"("model":"gpt-4o-2024-08-06","system_fingerprint":"fp_x","choices":[{"index":0,)"
         R"("delta":{"content":" word)" +
         std::to_string(i % 100) +
         R"("},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"Ab3x"})"
         "\n\n";
}

std::string gemini_event(int) {
  return "data: "
         "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
         "\"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"
         "\xE3\x81\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9\xE3\x83\x88\"}],\"role\":\"model\"},"
         "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"totalTokenCount\":10},"
         "\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n";
}

std::string anthropic_event(int) {
  return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
         "\"delta\":{\"type\":\"text_delta\",\"text\":\" token\"}}\n\n";
}

template <class MakeEvent>
void parse_stream(benchmark::State& state, MakeEvent make_event) {
  const std::size_t piece = static_cast<std::size_t>(state.range(0));
  constexpr int kEvents = 10'000;
  std::string stream;
  for (int i = 0; i < kEvents; ++i) stream += make_event(i);
  std::size_t dispatched = 0;
  for (auto _ : state) {
    tinychat::SseParser parser;
    for (std::size_t at = 0; at < stream.size(); at += piece) {
      parser.feed(std::string_view(stream).substr(at, piece), [&](const tinychat::SseEvent& e) {
        dispatched += e.data.size() != 0;
        return true;
      });
    }
    parser.finish();
  }
  if (dispatched != static_cast<std::size_t>(kEvents) * state.iterations()) {
    state.SkipWithError("events were lost");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(stream.size()) * state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(kEvents) * state.iterations());
}

void BM_OpenAIStream(benchmark::State& state) { parse_stream(state, openai_event); }
void BM_GeminiCrlfJapanese(benchmark::State& state) { parse_stream(state, gemini_event); }
void BM_AnthropicEvents(benchmark::State& state) { parse_stream(state, anthropic_event); }

// 16 KiB: what curl hands over from a fast server; 7 bytes: the worst case, every event split.
BENCHMARK(BM_OpenAIStream)->Arg(16384)->Arg(7);
BENCHMARK(BM_GeminiCrlfJapanese)->Arg(16384)->Arg(7);
BENCHMARK(BM_AnthropicEvents)->Arg(16384)->Arg(7);

}  // namespace

BENCHMARK_MAIN();
