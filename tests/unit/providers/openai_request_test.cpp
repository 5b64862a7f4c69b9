#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"

namespace tinychat {
namespace {

using testing::body_of;
using ::testing::HasSubstr;
using testing::header_value;
using ::testing::Not;
using testing::provider_for;
using json = nlohmann::json;

const History kHistory = {
    {Role::user, "First question", "", false},
    {Role::assistant, "First answer", "thinking that must stay home", false},
    {Role::user, "Second question", "", false},
};

RequestOptions full_options() { return {"gpt-4o", "Be brief.", 0.7, 256}; }

TEST(OpenAIRequest, PostsToChatCompletionsUnderTheBaseUrl) {
  auto provider =
      provider_for(ApiFamily::openai, OpenAIDialect::openai, "https://api.openai.com/v1");
  const HttpRequest request = provider->build_request(kHistory, full_options());
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://api.openai.com/v1/chat/completions");
}

TEST(OpenAIRequest, ToleratesATrailingSlashOnTheBaseUrl) {
  auto provider =
      provider_for(ApiFamily::openai, OpenAIDialect::generic, "http://localhost:11434/v1/");
  EXPECT_EQ(provider->build_request(kHistory, full_options()).url,
            "http://localhost:11434/v1/chat/completions");
}

TEST(OpenAIRequest, SendsTheKeyAsBearerInAHeaderOnly) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai);
  const HttpRequest request = provider->build_request(kHistory, full_options());
  EXPECT_EQ(header_value(request, "Authorization"), "Bearer sk-test-key-1234");
  EXPECT_EQ(header_value(request, "Content-Type"), "application/json");
  EXPECT_EQ(header_value(request, "Accept"), "text/event-stream");
  EXPECT_THAT(request.url, Not(HasSubstr("sk-test-key-1234")));
  EXPECT_THAT(request.body, Not(HasSubstr("sk-test-key-1234")));
}

TEST(OpenAIRequest, OmitsAuthorizationWhenThereIsNoKey) {
  auto provider =
      provider_for(ApiFamily::openai, OpenAIDialect::generic, "http://127.0.0.1:8080/v1", "");
  EXPECT_EQ(header_value(provider->build_request(kHistory, full_options()), "Authorization"),
            "<none>");
}

TEST(OpenAIRequest, OpenAIDialectBodyHasSystemFirstUsageAndMaxCompletionTokens) {
  auto provider =
      provider_for(ApiFamily::openai, OpenAIDialect::openai, "https://api.openai.com/v1");
  const json body = body_of(provider->build_request(kHistory, full_options()));
  EXPECT_EQ(body, json::parse(R"({
    "model": "gpt-4o",
    "messages": [
      {"role": "system", "content": "Be brief."},
      {"role": "user", "content": "First question"},
      {"role": "assistant", "content": "First answer"},
      {"role": "user", "content": "Second question"}
    ],
    "stream": true,
    "stream_options": {"include_usage": true},
    "temperature": 0.7,
    "max_completion_tokens": 256
  })"));
}

TEST(OpenAIRequest, OpenAIDialectAgainstAnotherServerSendsMaxTokensThatLlamaCppReads) {
  // `-p openai --base-url http://127.0.0.1:8080/v1 --max-tokens 50` used to send only
  // max_completion_tokens, which llama-server builds before mid-2025 ignore: they generated
  // until the context was full.
  for (const char* base_url : {"http://127.0.0.1:8080/v1", "https://openai.example.com/v1",
                               "https://api.openai.com.evil.example/v1"}) {
    auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai, base_url);
    const json body = body_of(provider->build_request(kHistory, full_options()));
    EXPECT_EQ(body["max_tokens"], 256) << base_url;
    EXPECT_FALSE(body.contains("max_completion_tokens")) << base_url;
  }
  for (const char* base_url :
       {"https://API.openai.com/v1/", "https://me.openai.azure.com/openai/deployments/x"}) {
    auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai, base_url);
    const json body = body_of(provider->build_request(kHistory, full_options()));
    EXPECT_EQ(body["max_completion_tokens"], 256) << base_url;
  }
}

TEST(OpenAIRequest, MistralUsesMaxTokensAndNoStreamOptions) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::mistral);
  const json body = body_of(provider->build_request(kHistory, full_options()));
  EXPECT_EQ(body["max_tokens"], 256);
  EXPECT_FALSE(body.contains("max_completion_tokens"));
  EXPECT_FALSE(body.contains("stream_options"));
}

TEST(OpenAIRequest, TogetherUsesMaxTokensAndNoStreamOptions) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::together);
  const json body = body_of(provider->build_request(kHistory, full_options()));
  EXPECT_EQ(body["max_tokens"], 256);
  EXPECT_FALSE(body.contains("stream_options"));
}

TEST(OpenAIRequest, GenericAsksForUsageAndUsesMaxTokens) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::generic);
  const json body = body_of(provider->build_request(kHistory, full_options()));
  EXPECT_EQ(body["max_tokens"], 256);
  EXPECT_EQ(body["stream_options"], json::parse(R"({"include_usage": true})"));
}

TEST(OpenAIRequest, LeavesOutWhatIsNotSet) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai);
  const json body = body_of(provider->build_request(kHistory, {"gpt-4o", "", {}, {}}));
  EXPECT_FALSE(body.contains("temperature"));
  EXPECT_FALSE(body.contains("max_completion_tokens"));
  EXPECT_FALSE(body.contains("max_tokens"));
  EXPECT_EQ(body["messages"].size(), 3u);
  EXPECT_EQ(body["messages"][0]["role"], "user");
}

TEST(OpenAIRequest, SkipsFailedTurnsAndSendsInterruptedOnes) {
  const History history = {
      {Role::user, "q1", "", false}, {Role::assistant, "", "", true},  // failed before any text
      {Role::user, "q2", "", false}, {Role::assistant, "partial ans", "some thoughts", true},
      {Role::user, "q3", "", false},
  };
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai);
  const HttpRequest request = provider->build_request(history, {"m", "", {}, {}});
  EXPECT_EQ(body_of(request)["messages"], json::parse(R"([
    {"role": "user", "content": "q1"},
    {"role": "user", "content": "q2"},
    {"role": "assistant", "content": "partial ans"},
    {"role": "user", "content": "q3"}
  ])"));
  EXPECT_THAT(request.body, Not(HasSubstr("some thoughts")));
}

TEST(OpenAIRequest, KeepsSystemMessagesOfTheHistoryInPlace) {
  const History history = {{Role::system, "Answer in French.", "", false},
                           {Role::user, "hi", "", false}};
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai);
  const json body = body_of(provider->build_request(history, {"m", "", {}, {}}));
  EXPECT_EQ(body["messages"][0], json::parse(R"({"role":"system","content":"Answer in French."})"));
}

TEST(OpenAIRequest, CarriesAnyTextIntact) {
  const std::string text = std::string("quote \" backslash \\ newline \n tab \t nul ") + '\0' +
                           " emoji 👋 日本語 </script>";
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai);
  const HttpRequest request =
      provider->build_request(History{{Role::user, text, "", false}}, {"m", "", {}, {}});
  EXPECT_EQ(body_of(request)["messages"][0]["content"], text);
}

TEST(OpenAIRequest, InvalidUtf8BecomesReplacementCharacterInsteadOfThrowing) {
  auto provider = provider_for(ApiFamily::openai, OpenAIDialect::openai);
  HttpRequest request;
  ASSERT_NO_THROW(request = provider->build_request(
                      History{{Role::user, "bad \xC3 byte", "", false}}, {"m", "", {}, {}}));
  EXPECT_EQ(body_of(request)["messages"][0]["content"], "bad \xEF\xBF\xBD byte");
}

TEST(OpenAIRequest, IsTheSseFraming) {
  EXPECT_EQ(provider_for(ApiFamily::openai)->framing(), Framing::sse);
}

}  // namespace
}  // namespace tinychat
