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

TEST(LoneSurrogate, FoundAfterTextWasReadGivesThatTextOnce) {
  // Escapes are repaired only once simdjson refused a string, and the event is read again: what
  // the first reading had produced before the refusal must not be delivered twice.
  auto result = decode_data(
      *provider_for(ApiFamily::openai, OpenAIDialect::openai),
      {R"({"choices":[{"index":0,"delta":{"content":"a","reasoning":"t\ud800"},"finish_reason":"s\udfff"}]})"});
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "a");
  EXPECT_EQ(result.reasoning, "t\uFFFD");
  auto gemini =
      decode_data(*provider_for(ApiFamily::gemini),
                  {R"({"candidates":[{"content":{"parts":[{"text":"b"},{"text":"c\udc00"}]}}]})"});
  ASSERT_FALSE(gemini.error) << gemini.error.message;
  EXPECT_EQ(gemini.text, "bc\uFFFD");
}

TEST(ReplaceLoneSurrogateEscapes, KeepsTheLengthSoTheBufferNeedsNoCopy) {
  std::string json = R"({"a":"\ud800\ud800\udc00\\udc00\n"})";
  const std::size_t size = json.size();
  EXPECT_TRUE(providers::replace_lone_surrogate_escapes(json));
  EXPECT_EQ(json, R"({"a":"\ufffd\ud800\udc00\\udc00\n"})");
  EXPECT_EQ(json.size(), size);
}

}  // namespace
}  // namespace tinychat
