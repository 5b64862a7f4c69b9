// The recorded streams through the library's own framing (SseParser / NdjsonFramer) in 7-byte
// pieces that split lines, CRLF pairs and multi-byte characters, as the chat layer feeds them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"
#include "support/test_data.h"
#include "tinychat/ndjson_framer.h"
#include "tinychat/sse_parser.h"

namespace tinychat {
namespace {

using testing::provider_for;
using testing::read_test_data;
using testing::split_every;

struct Framed {
  const char* name;
  ApiFamily family;
  OpenAIDialect dialect;
  const char* base_url;
};

class GoldenFramed : public ::testing::TestWithParam<Framed> {};

TEST_P(GoldenFramed, SevenBytePiecesDecodeToTheAnswer) {
  const Framed& f = GetParam();
  auto provider = provider_for(f.family, f.dialect, f.base_url);
  const bool sse = provider->framing() == Framing::sse;
  const std::string body = read_test_data(std::string(f.name) + (sse ? ".sse" : ".ndjson"));
  auto decoder = provider->make_decoder();
  std::vector<Delta> deltas;
  Error error;
  auto decode = [&](std::string_view type, std::string_view data) {
    error = decoder->decode(type, data, deltas);
    return !error;
  };
  SseParser parser;
  NdjsonFramer framer;
  for (const std::string& piece : split_every(body, 7)) {
    const Error framing =
        sse ? parser.feed(piece, [&](const SseEvent& e) { return decode(e.type, e.data); })
            : framer.feed(piece, [&](std::string_view line) { return decode({}, line); });
    ASSERT_FALSE(framing) << framing.message;
    ASSERT_FALSE(error) << error.message;
  }
  if (sse) {
    parser.finish();
  } else {
    ASSERT_FALSE(framer.finish([&](std::string_view line) { return decode({}, line); }));
  }
  ASSERT_FALSE(error) << error.message;
  std::string text;
  for (const Delta& d : deltas) {
    if (d.kind == DeltaKind::text) text += d.text;
  }
  EXPECT_EQ(text, read_test_data(std::string(f.name) + ".answer"));
  EXPECT_TRUE(decoder->complete());
}

INSTANTIATE_TEST_SUITE_P(
    Recorded, GoldenFramed,
    ::testing::Values(
        Framed{"openai", ApiFamily::openai, OpenAIDialect::openai, "https://api.openai.com/v1"},
        Framed{"mistral", ApiFamily::openai, OpenAIDialect::mistral, "https://api.mistral.ai/v1"},
        Framed{"together", ApiFamily::openai, OpenAIDialect::together,
               "https://api.together.xyz/v1"},
        Framed{"anthropic", ApiFamily::anthropic, OpenAIDialect::generic,
               "https://api.anthropic.com/v1"},
        Framed{"gemini", ApiFamily::gemini, OpenAIDialect::generic,
               "https://generativelanguage.googleapis.com/v1beta"},
        Framed{"cohere", ApiFamily::cohere, OpenAIDialect::generic, "https://api.cohere.com/v2"},
        Framed{"cohere_v1", ApiFamily::cohere, OpenAIDialect::generic,
               "https://api.cohere.com/v1"}),
    [](const ::testing::TestParamInfo<Framed>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace tinychat
