// Every recorded stream in tests/data decoded end to end: the text must equal its .answer file,
// and the fault streams must fail the way the chat layer expects.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using testing::decode_events;
using testing::Decoded;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::provider_for;
using testing::read_test_data;
using testing::split_ndjson;
using testing::split_sse;

struct Golden {
  const char* name;
  ApiFamily family;
  OpenAIDialect dialect;
  const char* base_url;
  const char* stream;
  const char* answer;
  const char* finish;
  std::int64_t input_tokens;
  std::int64_t output_tokens;
};

class GoldenStream : public ::testing::TestWithParam<Golden> {};

TEST_P(GoldenStream, DecodesToTheRecordedAnswer) {
  const Golden& g = GetParam();
  auto provider = provider_for(g.family, g.dialect, g.base_url);
  const std::string body = read_test_data(g.stream);
  const auto events = provider->framing() == Framing::sse ? split_sse(body) : split_ndjson(body);
  ASSERT_GT(events.size(), 4u);
  const Decoded result = decode_events(*provider, events);
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, read_test_data(g.answer));
  EXPECT_EQ(result.reasoning, "");
  EXPECT_EQ(result.finish, g.finish);
  EXPECT_EQ(result.usage.input_tokens, g.input_tokens);
  EXPECT_EQ(result.usage.output_tokens, g.output_tokens);
  EXPECT_TRUE(result.complete);
  std::size_t text_deltas = 0;
  for (const Delta& d : result.deltas) text_deltas += d.kind == DeltaKind::text;
  EXPECT_GE(text_deltas, 4u) << "the answer should be spread over several deltas";
}

INSTANTIATE_TEST_SUITE_P(
    Recorded, GoldenStream,
    ::testing::Values(
        Golden{"openai", ApiFamily::openai, OpenAIDialect::openai, "https://api.openai.com/v1",
               "openai.sse", "openai.answer", "stop", 19, 24},
        Golden{"mistral", ApiFamily::openai, OpenAIDialect::mistral, "https://api.mistral.ai/v1",
               "mistral.sse", "mistral.answer", "stop", 17, 26},
        Golden{"together", ApiFamily::openai, OpenAIDialect::together,
               "https://api.together.xyz/v1", "together.sse", "together.answer", "eos", 44, 25},
        Golden{"anthropic", ApiFamily::anthropic, OpenAIDialect::generic,
               "https://api.anthropic.com/v1", "anthropic.sse", "anthropic.answer", "end_turn", 21,
               27},
        Golden{"gemini", ApiFamily::gemini, OpenAIDialect::generic,
               "https://generativelanguage.googleapis.com/v1beta", "gemini.sse", "gemini.answer",
               "STOP", 9, 23},
        Golden{"cohere", ApiFamily::cohere, OpenAIDialect::generic, "https://api.cohere.com/v2",
               "cohere.sse", "cohere.answer", "COMPLETE", 504, 26},
        Golden{"cohere_v1", ApiFamily::cohere, OpenAIDialect::generic, "https://api.cohere.com/v1",
               "cohere_v1.ndjson", "cohere_v1.answer", "COMPLETE", 8, 24}),
    [](const ::testing::TestParamInfo<Golden>& param) { return std::string(param.param.name); });

TEST(GoldenStreams, AnswersHoldMultiByteTextAndNoTrailingNewline) {
  for (const char* name :
       {"openai", "mistral", "together", "anthropic", "gemini", "cohere", "cohere_v1"}) {
    const std::string answer = read_test_data(std::string(name) + ".answer");
    EXPECT_THAT(answer, HasSubstr("👋")) << name;
    EXPECT_THAT(answer, HasSubstr("日本語")) << name;
    EXPECT_FALSE(answer.ends_with('\n')) << name;
  }
}

TEST(GoldenStreams, GeminiUsesCrlfSeparators) {
  const std::string body = read_test_data("gemini.sse");
  EXPECT_THAT(body, HasSubstr("}\r\n\r\ndata: {"));
  EXPECT_EQ(body.find("}\n\n"), std::string::npos);
}

TEST(GoldenStreams, MistralHasTheDoubleSpaceAfterData) {
  EXPECT_THAT(read_test_data("mistral.sse"), HasSubstr("\ndata:  {"));
}

TEST(GoldenStreams, OpenAIErrorEventKeepsTheTextBeforeIt) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai);
  const Decoded result =
      decode_events(*provider, split_sse(read_test_data("openai_error_event.sse")));
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message,
            "The server had an error while processing your request. Sorry about that!");
  EXPECT_FALSE(result.text.empty());
  EXPECT_THAT(read_test_data("openai.answer"), ::testing::StartsWith(result.text));
  EXPECT_FALSE(result.complete);
}

TEST(GoldenStreams, AnthropicOverloadedIsAStreamErrorWithoutMessageStop) {
  auto provider = provider_for(ApiFamily::anthropic);
  const Decoded result =
      decode_events(*provider, split_sse(read_test_data("anthropic_overloaded.sse")));
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "Overloaded");
  EXPECT_FALSE(result.text.empty());
  EXPECT_FALSE(result.complete);
}

TEST(GoldenStreams, OpenAITruncatedIsNeverComplete) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai);
  const Decoded result =
      decode_events(*provider, split_sse(read_test_data("openai_truncated.sse")));
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_FALSE(result.text.empty());
  EXPECT_EQ(result.finish, "");
  EXPECT_FALSE(result.complete);
}

TEST(GoldenStreams, EverySseFileEndsWithACompleteEvent) {
  // Guards the recorded bytes themselves: an unterminated last event would be dropped.
  for (const char* name :
       {"openai.sse", "mistral.sse", "together.sse", "anthropic.sse", "gemini.sse", "cohere.sse",
        "openai_error_event.sse", "anthropic_overloaded.sse", "openai_truncated.sse"}) {
    const std::string body = read_test_data(name);
    EXPECT_TRUE(body.ends_with("\n\n") || body.ends_with("\r\n\r\n")) << name;
    EXPECT_THAT(split_sse(body), ::testing::Not(IsEmpty())) << name;
  }
}

}  // namespace
}  // namespace tinychat
