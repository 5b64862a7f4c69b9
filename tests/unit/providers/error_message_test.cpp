// error_message() for non-2xx bodies (PROTOCOLS §3.13) and the rule that a configured key never
// appears in any message an adapter produces.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using testing::decode_data;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::provider_for;
using testing::read_test_data;

constexpr const char* kKey = "sk-test-key-1234";

TEST(ErrorMessage, RecordedBodiesGiveTheProvidersOwnMessage) {
  EXPECT_EQ(provider_for(ApiFamily::openai, OpenAIDialect::openai)
                ->error_message(read_test_data("openai_401.json")),
            "Incorrect API key provided: sk-abc***xyz. You can find your API key at "
            "https://platform.openai.com/account/api-keys.");
  EXPECT_THAT(provider_for(ApiFamily::openai, OpenAIDialect::together)
                  ->error_message(read_test_data("openai_429.json")),
              ::testing::StartsWith("Rate limit reached for gpt-4o"));
  EXPECT_EQ(provider_for(ApiFamily::openai, OpenAIDialect::mistral)
                ->error_message(read_test_data("mistral_401.json")),
            "Unauthorized");
  EXPECT_EQ(provider_for(ApiFamily::anthropic)->error_message(read_test_data("anthropic_401.json")),
            "invalid x-api-key");
  EXPECT_EQ(provider_for(ApiFamily::gemini)->error_message(read_test_data("gemini_400.json")),
            "API key not valid. Please pass a valid API key.");
  EXPECT_THAT(provider_for(ApiFamily::cohere)->error_message(read_test_data("cohere_400.json")),
              ::testing::StartsWith("model 'some-model' not found"));
}

TEST(ErrorMessage, OpenAIFamilyFallsBackThroughTheKnownShapes) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::mistral);
  EXPECT_EQ(provider->error_message(R"({"detail":"Unauthorized"})"), "Unauthorized");
  EXPECT_EQ(
      provider->error_message(
          R"({"object":"error","message":"Invalid model","type":"invalid_model","param":null,"code":"1500"})"),
      "Invalid model");
  EXPECT_EQ(provider->error_message(R"({"error":"model not found"})"), "model not found");
  EXPECT_EQ(provider->error_message(R"({"error":{"message":"first"},"message":"second"})"),
            "first");
  EXPECT_EQ(provider->error_message(R"({"detail":[{"msg":"field required"}]})"), "");
}

TEST(ErrorMessage, UnrecognisedOrNonJsonBodiesGiveNothing) {
  for (ApiFamily family :
       {ApiFamily::openai, ApiFamily::anthropic, ApiFamily::gemini, ApiFamily::cohere}) {
    auto provider = provider_for(family);
    for (const char* body : {"", "<html><body>502 Bad Gateway</body></html>", "{", "[]", "null",
                             "42", R"({"error":{"message":7}})", R"({"unrelated":true})"}) {
      std::string message;
      EXPECT_NO_THROW(message = provider->error_message(body)) << body;
      EXPECT_EQ(message, "") << body;
    }
  }
}

TEST(ErrorMessage, KeyEchoedInABodyIsRedacted) {
  const std::string echoed = std::string("Incorrect API key provided: ") + kKey + " (" + kKey + ")";
  EXPECT_EQ(provider_for(ApiFamily::openai)
                ->error_message(R"({"error":{"message":")" + echoed + R"("}})"),
            "Incorrect API key provided: [redacted] ([redacted])");
  EXPECT_EQ(provider_for(ApiFamily::anthropic)
                ->error_message(R"({"error":{"message":")" + echoed + R"("}})"),
            "Incorrect API key provided: [redacted] ([redacted])");
  EXPECT_EQ(provider_for(ApiFamily::gemini)
                ->error_message(R"({"error":{"message":")" + echoed + R"("}})"),
            "Incorrect API key provided: [redacted] ([redacted])");
  EXPECT_EQ(provider_for(ApiFamily::cohere)->error_message(R"({"message":")" + echoed + R"("})"),
            "Incorrect API key provided: [redacted] ([redacted])");
}

TEST(ErrorMessage, EmptyKeyRedactsNothing) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::generic, "http://x/v1", "");
  EXPECT_EQ(provider->error_message(R"({"error":{"message":"plain"}})"), "plain");
}

TEST(Redaction, StreamErrorsOfEveryFamilyAreRedacted) {
  const std::string echoed = std::string("bad key ") + kKey;
  EXPECT_EQ(decode_data(*provider_for(ApiFamily::openai),
                        {R"({"error":{"message":")" + echoed + R"("}})"})
                .error.message,
            "bad key [redacted]");
  EXPECT_EQ(decode_data(*provider_for(ApiFamily::anthropic),
                        {R"({"type":"error","error":{"type":"x","message":")" + echoed + R"("}})"})
                .error.message,
            "bad key [redacted]");
  EXPECT_EQ(decode_data(*provider_for(ApiFamily::gemini),
                        {R"({"error":{"message":")" + echoed + R"("}})"})
                .error.message,
            "bad key [redacted]");
  EXPECT_EQ(decode_data(*provider_for(ApiFamily::cohere, OpenAIDialect::generic, "https://c/v2"),
                        {R"({"message":")" + echoed + R"("})"})
                .error.message,
            "bad key [redacted]");
  EXPECT_EQ(decode_data(*provider_for(ApiFamily::cohere), {R"({"message":")" + echoed + R"("})"})
                .error.message,
            "bad key [redacted]");
}

TEST(Redaction, MalformedExcerptsOfEveryFamilyAreRedacted) {
  for (ApiFamily family :
       {ApiFamily::openai, ApiFamily::anthropic, ApiFamily::gemini, ApiFamily::cohere}) {
    const Error error = decode_data(*provider_for(family), {std::string("garbage ") + kKey}).error;
    EXPECT_EQ(error.code, ErrorCode::malformed_stream);
    EXPECT_THAT(error.message, HasSubstr("garbage [redacted]"));
    EXPECT_THAT(error.message, Not(HasSubstr(kKey)));
  }
}

TEST(Redaction, KeyStraddlingTheExcerptCutDoesNotLeakAPrefix) {
  const std::string data = std::string(110, 'x') + kKey + " tail";
  const Error error = decode_data(*provider_for(ApiFamily::openai), {data}).error;
  EXPECT_THAT(error.message, Not(HasSubstr("sk-test")));
}

TEST(Redaction, ExcerptIsCutOnACharacterBoundary) {
  std::string data = "a";
  for (int i = 0; i < 100; ++i) data += "日";  // 3 bytes each: byte 120 is inside a character
  const Error error = decode_data(*provider_for(ApiFamily::openai), {data}).error;
  ASSERT_EQ(error.code, ErrorCode::malformed_stream);
  const std::size_t start = error.message.find("a日");
  ASSERT_NE(start, std::string::npos);
  EXPECT_EQ(error.message.substr(start), data.substr(0, 118) + "...");
}

}  // namespace
}  // namespace tinychat
