#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "decode_helpers.h"

namespace tinychat {
namespace {

using testing::decode_data;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::provider_for;

auto openai() { return provider_for(ApiFamily::openai, OpenAIDialect::openai); }

std::string chunk(const std::string& choice) {
  return R"({"id":"c1","object":"chat.completion.chunk","choices":[)" + choice +
         R"(],"usage":null,"obfuscation":"x1Yz"})";
}

TEST(OpenAIDecoder, SkipsRoleOnlyFirstChunk) {
  auto result = decode_data(
      *openai(),
      {chunk(
          R"({"index":0,"delta":{"role":"assistant","content":"","refusal":null},"finish_reason":null})")});
  EXPECT_FALSE(result.error);
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(OpenAIDecoder, ContentPiecesBecomeText) {
  auto result = decode_data(
      *openai(), {chunk(R"({"index":0,"delta":{"content":"Hel"}})"),
                  chunk(R"({"index":0,"delta":{"content":"lo \"x\"\n\u00e9\ud83d\udc4b"}})")});
  EXPECT_FALSE(result.error);
  EXPECT_EQ(result.text, "Hello \"x\"\né👋");
  EXPECT_EQ(result.deltas.size(), 2u);
  EXPECT_FALSE(result.complete);
}

TEST(OpenAIDecoder, KeysWithEscapesAreUnescapedBeforeTheyAreMatched) {
  // Keys are read in place unless they hold a backslash: an escaped key must still match, and
  // a key that only ends in what looks like one must not.
  auto result = decode_data(*openai(), {chunk(R"({"index":0,"delta":{"con\u0074ent":"a"}})"),
                                        chunk(R"({"index":0,"delta":{"content\"":"b"}})"),
                                        chunk(R"({"index":0,"delta":{"content":"c"}})")});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "ac");
}

TEST(OpenAIDecoder, KeysOfEveryLengthAreReadWholeWhereverTheirEndFalls) {
  // A key's end is looked for 8 bytes at a time: keys of 0 to 24 bytes put it at every place in
  // a word, and each must be read exactly (not one byte short or long) for "choices" to match.
  for (std::size_t length = 0; length <= 24; ++length) {
    const std::string key(length, 'k');
    const std::string data = R"({")" + key + R"(":1,"choices":[{"index":0,"delta":{")" + key +
                             R"(":"x","content":"a"}}],")" + key + R"(choices":[]})";
    auto result = decode_data(*openai(), {data});
    EXPECT_FALSE(result.error) << result.error.message << " for a key of " << length;
    EXPECT_EQ(result.text, "a") << "for a key of " << length;
  }
}

TEST(OpenAIDecoder, AnEscapeAnywhereInAKeyIsUnescapedBeforeItIsMatched) {
  const std::string key = "content";
  for (std::size_t at = 0; at < key.size(); ++at) {
    char escape[8];
    std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(key[at]));
    const std::string escaped = key.substr(0, at) + escape + key.substr(at + 1);
    auto result =
        decode_data(*openai(), {chunk(R"({"index":0,"delta":{")" + escaped + R"(":"a"}})")});
    EXPECT_FALSE(result.error) << result.error.message << " for " << escaped;
    EXPECT_EQ(result.text, "a") << "for " << escaped;
  }
}

TEST(OpenAIDecoder, NullOrEmptyContentIsNoDelta) {
  auto result = decode_data(*openai(), {chunk(R"({"index":0,"delta":{"content":null}})"),
                                        chunk(R"({"index":0,"delta":{"content":""}})")});
  EXPECT_FALSE(result.error);
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(OpenAIDecoder, ToleratesMissingNullAndEmptyChoices) {
  auto result = decode_data(
      *openai(), {R"({"id":"c1","choices":[],"prompt_filter_results":[{"prompt_index":0}]})",
                  R"({"id":"c1","choices":null})", R"({"id":"c1"})", R"({})"});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(OpenAIDecoder, ToleratesAChoiceWithoutDelta) {
  // Azure's trailing content-filter chunk.
  auto result = decode_data(
      *openai(), {chunk(R"({"index":0,"content_filter_results":{"hate":{"filtered":false}}})"),
                  chunk(R"({"index":0,"delta":null})")});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(OpenAIDecoder, FinishReasonFinishesAndCompletes) {
  auto result = decode_data(*openai(), {chunk(R"({"index":0,"delta":{},"finish_reason":"stop"})")});
  EXPECT_FALSE(result.error);
  ASSERT_EQ(result.deltas.size(), 1u);
  EXPECT_EQ(result.deltas[0].kind, DeltaKind::finish);
  EXPECT_EQ(result.finish, "stop");
  EXPECT_TRUE(result.complete);
}

TEST(OpenAIDecoder, FinishFollowsTheTextOfItsChunkWhateverTheKeyOrder) {
  auto result = decode_data(
      *openai(), {chunk(R"({"finish_reason":"length","index":0,"delta":{"content":"end"}})")});
  ASSERT_EQ(result.deltas.size(), 2u);
  EXPECT_EQ(result.deltas[0].kind, DeltaKind::text);
  EXPECT_EQ(result.deltas[1].kind, DeltaKind::finish);
  EXPECT_EQ(result.deltas[1].text, "length");
}

TEST(OpenAIDecoder, DoneCompletes) {
  auto result = decode_data(*openai(), {"[DONE]"});
  EXPECT_FALSE(result.error);
  EXPECT_TRUE(result.complete);
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(OpenAIDecoder, UsageChunkGivesAllCounts) {
  auto result = decode_data(
      *openai(),
      {R"({"id":"c1","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":24,"total_tokens":43,"prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":7}}})"});
  EXPECT_FALSE(result.error);
  ASSERT_EQ(result.deltas.size(), 1u);
  EXPECT_EQ(result.deltas[0].kind, DeltaKind::usage);
  EXPECT_EQ(result.usage.input_tokens, 19);
  EXPECT_EQ(result.usage.output_tokens, 24);
  EXPECT_EQ(result.usage.cached_tokens, 3);
  EXPECT_EQ(result.usage.reasoning_tokens, 7);
}

TEST(OpenAIDecoder, UsageWithNullDetailsStillCounts) {
  auto result = decode_data(
      *openai(),
      {R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"prompt_tokens_details":null,"completion_tokens_details":null}})"});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.usage.input_tokens, 5);
  EXPECT_EQ(result.usage.reasoning_tokens, -1);
}

TEST(OpenAIDecoder, MistralUsageOnTheFinalChunkComesAfterTheFinish) {
  auto result = decode_data(
      *openai(),
      {R"({"choices":[{"index":0,"delta":{"role":"assistant","content":"."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"total_tokens":12,"completion_tokens":2}})"});
  ASSERT_EQ(result.deltas.size(), 3u);
  EXPECT_EQ(result.deltas[0].kind, DeltaKind::text);
  EXPECT_EQ(result.deltas[1].kind, DeltaKind::finish);
  EXPECT_EQ(result.deltas[2].kind, DeltaKind::usage);
  EXPECT_EQ(result.deltas[2].usage.output_tokens, 2);
}

TEST(OpenAIDecoder, MistralContentArraySplitsThinkingFromText) {
  auto result = decode_data(
      *openai(),
      {chunk(
           R"({"index":0,"delta":{"role":"assistant","content":[{"type":"thinking","thinking":[{"type":"text","text":"Let me think."}]}]}})"),
       chunk(
           R"({"index":0,"delta":{"content":[{"type":"text","text":"Answer"},{"text":" two","type":"text"}]}})")});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.reasoning, "Let me think.");
  EXPECT_EQ(result.text, "Answer two");
}

TEST(OpenAIDecoder, MistralContentArrayIgnoresUnknownChunkTypes) {
  auto result = decode_data(
      *openai(),
      {chunk(
          R"({"index":0,"delta":{"content":[{"type":"reference","reference_ids":[1]},{"type":"image_url","image_url":"x"}]}})")});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(OpenAIDecoder, ReasoningContentIsReasoning) {
  auto result = decode_data(
      *openai(), {chunk(R"({"index":0,"delta":{"content":null,"reasoning_content":"Hmm."}})"),
                  chunk(R"({"index":0,"delta":{"reasoning":" Ok."}})")});
  EXPECT_EQ(result.reasoning, "Hmm. Ok.");
  EXPECT_EQ(result.text, "");
}

TEST(OpenAIDecoder, ReasoningSentUnderBothNamesCountsOnce) {
  auto result = decode_data(
      *openai(), {chunk(R"({"index":0,"delta":{"reasoning_content":"Hmm.","reasoning":"Hmm."}})")});
  EXPECT_EQ(result.reasoning, "Hmm.");
}

TEST(OpenAIDecoder, IgnoresToolCallDeltasAndUnknownFields) {
  auto result = decode_data(
      *openai(),
      {chunk(
          R"({"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},"new_field":{"a":[1,2]}})")});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(OpenAIDecoder, DataWithAnExtraLeadingSpaceStillParses) {
  // Mistral's "data:  {" leaves one space in front of the JSON (PROTOCOLS §3.14).
  // Appending, not " " + chunk(...): GCC 12 at -O3 warns falsely on the latter (its bug 105651).
  std::string spaced = " ";
  spaced += chunk(R"({"index":0,"delta":{"content":"x"}})");
  auto result = decode_data(*openai(), {spaced, " [DONE]"});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "x");
  EXPECT_TRUE(result.complete);
}

TEST(OpenAIDecoder, ErrorEventIsAStreamErrorWithTheServersMessage) {
  auto result = decode_data(
      *openai(),
      {chunk(R"({"index":0,"delta":{"content":"Once"}})"),
       R"({"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}})"});
  EXPECT_EQ(result.text, "Once");
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "The server had an error");
}

TEST(OpenAIDecoder, OpenRouterErrorWithNumericCodeIsAStreamError) {
  auto result = decode_data(
      *openai(),
      {R"({"id":"x","error":{"code":502,"message":"Provider disconnected"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]})"});
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "Provider disconnected");
}

TEST(OpenAIDecoder, TopLevelErrorStringIsAStreamError) {
  auto result = decode_data(*openai(), {R"({"error":"model overloaded"})"});
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "model overloaded");
}

TEST(OpenAIDecoder, ErrorWithoutMessageNamesItsType) {
  auto result = decode_data(*openai(), {R"({"error":{"type":"server_error"}})"});
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_THAT(result.error.message, HasSubstr("server_error"));
}

TEST(OpenAIDecoder, FinishReasonErrorIsAStreamError) {
  auto result = decode_data(
      *openai(), {chunk(R"({"index":0,"delta":{"content":"part"},"finish_reason":"error"})")});
  EXPECT_EQ(result.text, "part");
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_THAT(result.error.message, HasSubstr("error"));
  EXPECT_FALSE(result.complete);
}

TEST(OpenAIDecoder, NonJsonDataIsMalformedWithAnExcerpt) {
  auto result = decode_data(*openai(), {"<html>Bad gateway</html>"});
  EXPECT_EQ(result.error.code, ErrorCode::malformed_stream);
  EXPECT_THAT(result.error.message, HasSubstr("<html>Bad gateway</html>"));
}

TEST(OpenAIDecoder, PlainTextErrorEventIsAStreamError) {
  // A proxy in front of an OpenAI-compatible server: "event: error" with a text message.
  auto result = testing::decode_events(*openai(), {{"error", "upstream timed out"}});
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_THAT(result.error.message, HasSubstr("upstream timed out"));
}

TEST(OpenAIDecoder, TruncatedJsonIsMalformed) {
  auto result = decode_data(*openai(), {R"({"choices":[{"index":0,"delta":{"content":"Hi")"});
  EXPECT_EQ(result.error.code, ErrorCode::malformed_stream);
}

TEST(OpenAIDecoder, WrongShapeIsMalformedAndKeepsNoHalfChunk) {
  for (const char* data : {R"({"choices":[{"delta":{"content":"a"}}],"usage":5})",
                           R"({"choices":{"delta":{"content":"a"}}})",
                           R"({"choices":[{"delta":{"content":42}}]})", R"([1,2])", R"("text")"}) {
    auto result = decode_data(*openai(), {data});
    EXPECT_EQ(result.error.code, ErrorCode::malformed_stream) << data;
    EXPECT_THAT(result.deltas, IsEmpty()) << data;
  }
}

TEST(OpenAIDecoder, MalformedExcerptIsShortAndRedacted) {
  const std::string data = "sk-test-key-1234 not json " + std::string(500, 'x');
  auto result = decode_data(*openai(), {data});
  EXPECT_EQ(result.error.code, ErrorCode::malformed_stream);
  EXPECT_THAT(result.error.message, Not(HasSubstr("sk-test-key-1234")));
  EXPECT_THAT(result.error.message, HasSubstr("[redacted] not json"));
  EXPECT_LT(result.error.message.size(), 220u);
}

TEST(OpenAIDecoder, StreamErrorMessageIsRedacted) {
  auto result = decode_data(
      *openai(), {R"({"error":{"message":"Incorrect API key provided: sk-test-key-1234."}})"});
  EXPECT_EQ(result.error.message, "Incorrect API key provided: [redacted].");
}

TEST(OpenAIDecoder, BlankDataIsIgnored) {
  auto result = decode_data(*openai(), {"", "  "});
  EXPECT_FALSE(result.error);
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(OpenAIDecoder, ReusesItsBufferForSmallerAndLargerEvents) {
  const std::string big(100000, 'a');
  auto result = decode_data(*openai(), {chunk(R"({"index":0,"delta":{"content":"s"}})"),
                                        chunk(R"({"index":0,"delta":{"content":")" + big + "\"}}"),
                                        chunk(R"({"index":0,"delta":{"content":"t"}})")});
  EXPECT_FALSE(result.error);
  EXPECT_EQ(result.text, "s" + big + "t");
}

TEST(OpenAIDecoder, EndMarkerIsDone) {
  EXPECT_EQ(openai()->make_decoder()->end_marker(), "data: [DONE]");
}

}  // namespace
}  // namespace tinychat
