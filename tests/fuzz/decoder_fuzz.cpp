// libFuzzer target for one provider's stream decoder, built once per API family
// (TINYCHAT_FUZZ_FAMILY): the input is framed as the provider's streams are (SSE, or NDJSON for
// Cohere v1) and every event goes to the decoder. Beyond "no crash", it checks that every
// delta's text is valid UTF-8 and that no error message carries the key.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/ndjson_framer.h"
#include "tinychat/provider.h"
#include "tinychat/sse_parser.h"
#include "tinychat/utf8_decoder.h"

namespace {

constexpr std::string_view kKey = "sk-fuzz-0123456789abcdef";

void check(bool condition) {
  if (!condition) std::abort();
}

bool is_valid_utf8(std::string_view text) {
  tinychat::Utf8Decoder decoder;
  const std::string_view out = decoder.decode(text);
  return out.data() == text.data() && out.size() == text.size() && !decoder.has_pending();
}

tinychat::ProviderConfig config_for(std::uint8_t selector) {
  using tinychat::ApiFamily;
  using tinychat::OpenAIDialect;
  tinychat::ProviderConfig config;
  config.name = "fuzz";
  config.api_key = std::string(kKey);
  config.family = ApiFamily::TINYCHAT_FUZZ_FAMILY;
  config.base_url = "https://api.example.com/v2";
  if (config.family == ApiFamily::openai) {
    constexpr OpenAIDialect kDialects[] = {OpenAIDialect::openai, OpenAIDialect::mistral,
                                           OpenAIDialect::together, OpenAIDialect::generic};
    config.dialect = kDialects[selector % 4];
  }
  if (config.family == ApiFamily::cohere && selector % 2 == 1) {
    config.base_url = "https://api.example.com/v1";  // Cohere's v1: NDJSON
  }
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto provider = tinychat::make_provider(config_for(data[0]));
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto decoder = provider->make_decoder();
  std::vector<tinychat::Delta> deltas;
  bool failed = false;
  auto decode = [&](std::string_view type, std::string_view event) {
    if (failed) return false;
    deltas.clear();
    const tinychat::Error error = decoder->decode(type, event, deltas);
    for (const tinychat::Delta& delta : deltas) check(is_valid_utf8(delta.text));
    if (error) {
      check(error.message.find(kKey) == std::string::npos);
      failed = true;
    }
    return !failed;
  };
  if (provider->framing() == tinychat::Framing::sse) {
    tinychat::SseParser parser(tinychat::SseParserOptions{1 << 16});
    parser.feed(input, [&](const tinychat::SseEvent& e) { return decode(e.type, e.data); });
    parser.finish();
  } else {
    tinychat::NdjsonFramer framer(1 << 16);
    auto line = [&](std::string_view text) { return decode({}, text); };
    framer.feed(input, line);
    framer.finish(line);
  }
  decoder->complete();
  // The provider's reading of an error body, as a non-2xx reply gets it.
  check(provider->error_message(input).find(kKey) == std::string::npos);
  return 0;
}
