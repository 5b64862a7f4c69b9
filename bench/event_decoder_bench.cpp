// Cost of decoding one event's JSON into deltas (the providers' simdjson on-demand decoders),
// per API family, and which simdjson kernel does the work. The on-demand front-end is compiled
// into our code (its namespace is simdjson::fallback without -mavx2 -mpclmul), but its kernels,
// the structural index (stage 1) and string unescaping, are libsimdjson's, chosen at run time
// for the CPU: "simdjson kernel" below names the one in use.
//   build/bench/event_decoder_bench
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "tinychat/provider.h"

namespace {

using tinychat::ApiFamily;

std::string openai_data(int i) {
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,)"
         R"("model":"gpt-4o-2024-08-06","system_fingerprint":"fp_x","choices":[{"index":0,)"
         R"("delta":{"content":" word)" +
         std::to_string(i % 100) +
         R"("},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"Ab3x"})";
}

std::string anthropic_data(int) {
  return R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" token"}})";
}

std::string gemini_data(int) {
  return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
         "\"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"
         "\xE3\x81\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9\xE3\x83\x88\"}],\"role\":\"model\"},"
         "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"totalTokenCount\":10},"
         "\"modelVersion\":\"gemini-2.5-flash\"}";
}

// A long answer piece with escapes: where a SIMD string kernel would show.
std::string openai_long_data(int) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += R"(Some words of a paragraph, \"quoted\"\n)";
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":")" +
         text + R"("},"finish_reason":null}]})";
}

template <class MakeData>
void decode_events(benchmark::State& state, ApiFamily family, const char* type,
                   MakeData make_data) {
  tinychat::ProviderConfig config;
  config.family = family;
  config.base_url = "http://127.0.0.1";
  const auto provider = tinychat::make_provider(config);
  constexpr int kEvents = 1000;
  std::vector<std::string> events;
  for (int i = 0; i < kEvents; ++i) events.push_back(make_data(i));
  std::vector<tinychat::Delta> deltas;
  for (auto _ : state) {
    auto decoder = provider->make_decoder();
    for (const std::string& data : events) {
      deltas.clear();
      if (decoder->decode(type, data, deltas)) state.SkipWithError("decoding failed");
      benchmark::DoNotOptimize(deltas.data());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(kEvents) * state.iterations());
}

void BM_OpenAIChunk(benchmark::State& s) { decode_events(s, ApiFamily::openai, "", openai_data); }
void BM_OpenAILongChunk(benchmark::State& s) {
  decode_events(s, ApiFamily::openai, "", openai_long_data);
}
void BM_AnthropicDelta(benchmark::State& s) {
  decode_events(s, ApiFamily::anthropic, "content_block_delta", anthropic_data);
}
void BM_GeminiChunk(benchmark::State& s) { decode_events(s, ApiFamily::gemini, "", gemini_data); }

}  // namespace

BENCHMARK(BM_OpenAIChunk);
BENCHMARK(BM_OpenAILongChunk);
BENCHMARK(BM_AnthropicDelta);
BENCHMARK(BM_GeminiChunk);

int main(int argc, char** argv) {
  benchmark::AddCustomContext("simdjson kernel", simdjson::get_active_implementation()->name());
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
