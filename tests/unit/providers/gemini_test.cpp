#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"

namespace tinychat {
namespace {

using testing::body_of;
using testing::decode_data;
using ::testing::HasSubstr;
using testing::header_value;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::provider_for;
using json = nlohmann::json;

auto gemini(std::string base = "https://generativelanguage.googleapis.com/v1beta") {
  return provider_for(ApiFamily::gemini, OpenAIDialect::generic, std::move(base));
}

const History kHistory = {
    {Role::user, "First question", "", false},
    {Role::assistant, "First answer", "private thoughts", false},
    {Role::user, "Second question", "", false},
};

TEST(GeminiRequest, UrlNamesTheModelAndAsksForSse) {
  const HttpRequest request = gemini()->build_request(kHistory, {"gemini-2.5-flash", "", {}, {}});
  EXPECT_EQ(request.url,
            "https://generativelanguage.googleapis.com/v1beta/models/"
            "gemini-2.5-flash:streamGenerateContent?alt=sse");
}

TEST(GeminiRequest, StripsTheModelsPrefixAndATrailingSlash) {
  auto provider = gemini("https://generativelanguage.googleapis.com/v1beta/");
  EXPECT_EQ(provider->build_request(kHistory, {"models/gemini-2.5-pro", "", {}, {}}).url,
            "https://generativelanguage.googleapis.com/v1beta/models/"
            "gemini-2.5-pro:streamGenerateContent?alt=sse");
}

TEST(GeminiRequest, KeyGoesInAHeaderNeverTheUrl) {
  const HttpRequest request = gemini()->build_request(kHistory, {"gemini-2.5-flash", "", {}, {}});
  EXPECT_EQ(header_value(request, "x-goog-api-key"), "sk-test-key-1234");
  EXPECT_EQ(header_value(request, "Accept"), "text/event-stream");
  EXPECT_THAT(request.url, Not(HasSubstr("key")));
  EXPECT_THAT(request.body, Not(HasSubstr("sk-test-key-1234")));
}

TEST(GeminiRequest, BodyHasContentsSystemInstructionAndGenerationConfig) {
  const json body = body_of(gemini()->build_request(kHistory, {"g", "Be brief.", 0.5, 300}));
  EXPECT_EQ(body, json::parse(R"({
    "contents": [
      {"role": "user", "parts": [{"text": "First question"}]},
      {"role": "model", "parts": [{"text": "First answer"}]},
      {"role": "user", "parts": [{"text": "Second question"}]}
    ],
    "systemInstruction": {"parts": [{"text": "Be brief."}]},
    "generationConfig": {"temperature": 0.5, "maxOutputTokens": 300}
  })"));
}

TEST(GeminiRequest, GenerationConfigHoldsOnlyWhatIsSet) {
  json body = body_of(gemini()->build_request(kHistory, {"g", "", {}, {}}));
  EXPECT_FALSE(body.contains("generationConfig"));
  EXPECT_FALSE(body.contains("systemInstruction"));
  body = body_of(gemini()->build_request(kHistory, {"g", "", 0.0, {}}));
  EXPECT_EQ(body["generationConfig"], json::parse(R"({"temperature": 0.0})"));
}

TEST(GeminiRequest, SkipsFailedTurns) {
  const History history = {
      {Role::user, "a", "", false}, {Role::assistant, "", "", true}, {Role::user, "b", "", false}};
  const json body = body_of(gemini()->build_request(history, {"g", "", {}, {}}));
  EXPECT_EQ(body["contents"].size(), 2u);
}

TEST(GeminiDecoder, PartsBecomeTextAndThoughtsReasoning) {
  auto result = decode_data(
      *gemini(),
      {R"({"candidates":[{"content":{"parts":[{"text":"Plan.","thought":true},{"thought":false,"text":"Hel"},{"text":"lo"}],"role":"model"},"index":0}]})"});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.reasoning, "Plan.");
  EXPECT_EQ(result.text, "Hello");
  EXPECT_FALSE(result.complete);
}

TEST(GeminiDecoder, ChunksWithoutContentOrPartsAreNormal) {
  auto result = decode_data(
      *gemini(), {R"({"candidates":[{"index":0}]})",
                  R"({"candidates":[{"content":{"role":"model"},"index":0}]})",
                  R"({"candidates":[{"content":{"parts":[],"role":"model"}}]})",
                  R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"f"}}]}}]})",
                  R"({"usageMetadata":{"promptTokenCount":3}})"});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "");
}

TEST(GeminiDecoder, FinishReasonFinishesAndCompletes) {
  auto result = decode_data(
      *gemini(),
      {R"({"candidates":[{"content":{"parts":[{"text":"end"}],"role":"model"},"finishReason":"STOP","index":0}]})"});
  ASSERT_EQ(result.deltas.size(), 2u);
  EXPECT_EQ(result.deltas[0].text, "end");
  EXPECT_EQ(result.deltas[1].kind, DeltaKind::finish);
  EXPECT_EQ(result.finish, "STOP");
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(gemini()->make_decoder()->end_marker(), "a candidate with finishReason");
}

TEST(GeminiDecoder, UsageMetadataGivesCountsWithThoughtsInTheOutput) {
  auto result = decode_data(
      *gemini(),
      {R"({"candidates":[{"content":{"role":"model"},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":20,"thoughtsTokenCount":12,"cachedContentTokenCount":4,"totalTokenCount":41}})"});
  EXPECT_FALSE(result.error);
  EXPECT_EQ(result.finish, "MAX_TOKENS");
  EXPECT_EQ(result.usage.input_tokens, 9);
  EXPECT_EQ(result.usage.output_tokens, 32);
  EXPECT_EQ(result.usage.reasoning_tokens, 12);
  EXPECT_EQ(result.usage.cached_tokens, 4);
  EXPECT_EQ(result.deltas.back().kind, DeltaKind::usage);
}

TEST(GeminiDecoder, BlockedPromptIsAStreamError) {
  auto result = decode_data(
      *gemini(),
      {R"({"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":8}})"});
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "prompt blocked: SAFETY");
}

TEST(GeminiDecoder, ErrorObjectIsAStreamError) {
  auto result = decode_data(
      *gemini(),
      {R"({"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}})"});
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "The model is overloaded.");
}

TEST(GeminiDecoder, NonJsonAndWrongShapesAreMalformed) {
  for (const char* data : {"[{\"candidates\":[]}]", "oops", R"({"candidates":{"content":{}}})",
                           R"({"candidates":[{"content":{"parts":[{"text":1}]}}]})"}) {
    auto result = decode_data(*gemini(), {data});
    EXPECT_EQ(result.error.code, ErrorCode::malformed_stream) << data;
  }
}

TEST(GeminiErrorMessage, ReadsErrorMessageEvenInAnArray) {
  EXPECT_EQ(
      gemini()->error_message(
          R"({"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}})"),
      "Quota exceeded");
  EXPECT_EQ(gemini()->error_message(
                R"([{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}])"),
            "bad");
  EXPECT_EQ(gemini()->error_message("<html>502</html>"), "");
}

}  // namespace
}  // namespace tinychat
