// A server that cuts an emoji's UTF-16 pair in two sends an unpaired surrogate escape; that used
// to fail the whole reply (simdjson refuses it). One U+FFFD is the better loss.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"
#include "providers/json_event_decoder.h"

namespace tinychat {
namespace {

using testing::decode_data;
using testing::provider_for;

std::string openai_chunk(const std::string& escaped_content) {
  return R"({"choices":[{"index":0,"delta":{"content":")" + escaped_content + R"("}}]})";
}

TEST(LoneSurrogate, InAnOpenAIChunkBecomesAReplacementCharacter) {
  auto result = decode_data(*provider_for(ApiFamily::openai, OpenAIDialect::openai),
                            {openai_chunk(R"(a\ud83db)"), openai_chunk(R"(\udE00c)")});
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text,
            "a\uFFFD"
            "b\uFFFD"
            "c");
}

TEST(LoneSurrogate, AProperPairStaysTheCharacterItEncodes) {
  auto result = decode_data(*provider_for(ApiFamily::openai, OpenAIDialect::openai),
                            {openai_chunk(R"(\ud83d\ude00)")});
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "\xF0\x9F\x98\x80");  // U+1F600
}

TEST(LoneSurrogate, AnEscapedBackslashBeforeULeavesTheTextAlone) {
  auto result = decode_data(*provider_for(ApiFamily::openai, OpenAIDialect::openai),
                            {openai_chunk(R"(\\ud800)")});
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "\\ud800");
}

TEST(LoneSurrogate, InAnthropicGeminiAndCohereEventsToo) {
  auto anthropic = testing::decode_events(
      *provider_for(ApiFamily::anthropic),
      {{"content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x\udc00"}})"}});
  ASSERT_FALSE(anthropic.error) << anthropic.error.message;
  EXPECT_EQ(anthropic.text, "x\uFFFD");
  auto gemini = decode_data(*provider_for(ApiFamily::gemini),
                            {R"({"candidates":[{"content":{"parts":[{"text":"y\ud800"}]}}]})"});
  ASSERT_FALSE(gemini.error) << gemini.error.message;
  EXPECT_EQ(gemini.text, "y\uFFFD");
}

TEST(ReplaceLoneSurrogateEscapes, KeepsTheLengthSoTheBufferNeedsNoCopy) {
  std::string json = R"({"a":"\ud800\ud800\udc00\\udc00\n"})";
  const std::size_t size = json.size();
  providers::replace_lone_surrogate_escapes(json);
  EXPECT_EQ(json, R"({"a":"\ufffd\ud800\udc00\\udc00\n"})");
  EXPECT_EQ(json.size(), size);
}

}  // namespace
}  // namespace tinychat
