#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"

namespace tinychat {
namespace {

using testing::body_of;
using testing::decode_data;
using testing::decode_events;
using testing::Event;
using ::testing::HasSubstr;
using testing::header_value;
using ::testing::IsEmpty;
using testing::provider_for;
using json = nlohmann::json;

auto cohere_v2() {
  return provider_for(ApiFamily::cohere, OpenAIDialect::generic, "https://api.cohere.com/v2");
}
auto cohere_v1(std::string base = "https://api.cohere.com/v1") {
  return provider_for(ApiFamily::cohere, OpenAIDialect::generic, std::move(base));
}

const History kHistory = {
    {Role::user, "First question", "", false},
    {Role::assistant, "First answer", "private thoughts", false},
    {Role::assistant, "", "", true},
    {Role::user, "Second question", "", false},
};

TEST(CohereRequest, V2PostsMessagesOverSse) {
  auto provider = cohere_v2();
  const HttpRequest request =
      provider->build_request(kHistory, {"command-a", "Be brief.", 0.3, 50});
  EXPECT_EQ(provider->framing(), Framing::sse);
  EXPECT_EQ(request.url, "https://api.cohere.com/v2/chat");
  EXPECT_EQ(header_value(request, "Authorization"), "Bearer sk-test-key-1234");
  EXPECT_EQ(header_value(request, "Accept"), "text/event-stream");
  EXPECT_EQ(body_of(request), json::parse(R"({
    "model": "command-a",
    "messages": [
      {"role": "system", "content": "Be brief."},
      {"role": "user", "content": "First question"},
      {"role": "assistant", "content": "First answer"},
      {"role": "user", "content": "Second question"}
    ],
    "stream": true,
    "temperature": 0.3,
    "max_tokens": 50
  })"));
}

TEST(CohereRequest, V1WhenTheBaseUrlEndsInV1) {
  for (const char* base : {"https://api.cohere.com/v1", "https://api.cohere.ai/v1/"}) {
    auto provider = cohere_v1(base);
    EXPECT_EQ(provider->framing(), Framing::ndjson) << base;
    EXPECT_EQ(provider->build_request(kHistory, {"command-r", "", {}, {}}).url,
              std::string(base).substr(0, std::string(base).find("/v1")) + "/v1/chat");
  }
  EXPECT_EQ(cohere_v1("https://proxy.example/v1beta")->framing(), Framing::sse);
}

TEST(CohereRequest, V1BodyTakesTheNewTurnApartFromTheHistory) {
  const HttpRequest request =
      cohere_v1()->build_request(kHistory, {"command-r", "Be brief.", 0.3, 50});
  EXPECT_EQ(header_value(request, "Accept"), "<none>");
  EXPECT_EQ(header_value(request, "Authorization"), "Bearer sk-test-key-1234");
  EXPECT_EQ(body_of(request), json::parse(R"({
    "model": "command-r",
    "message": "Second question",
    "chat_history": [
      {"role": "USER", "message": "First question"},
      {"role": "CHATBOT", "message": "First answer"}
    ],
    "preamble": "Be brief.",
    "stream": true,
    "temperature": 0.3,
    "max_tokens": 50
  })"));
}

TEST(CohereRequest, V1WithoutSystemOrOptions) {
  const json body = body_of(cohere_v1()->build_request(History{{Role::user, "hi", "", false}},
                                                       {"command-r", "", {}, {}}));
  EXPECT_EQ(body,
            json::parse(R"({"model":"command-r","message":"hi","chat_history":[],"stream":true})"));
}

TEST(CohereRequest, NoAuthorizationWithoutAKey) {
  auto provider = provider_for(ApiFamily::cohere, OpenAIDialect::generic, "http://local/v2", "");
  EXPECT_EQ(header_value(provider->build_request(kHistory, {"c", "", {}, {}}), "Authorization"),
            "<none>");
}

std::vector<Event> events(std::initializer_list<std::pair<const char*, const char*>> list) {
  std::vector<Event> out;
  for (const auto& [type, data] : list) out.push_back({type, data});
  return out;
}

TEST(CohereDecoder, ContentDeltasBecomeTextAndThinkingReasoning) {
  auto result = decode_events(
      *cohere_v2(),
      events({
          {"message-start",
           R"({"id":"m1","type":"message-start","delta":{"message":{"role":"assistant","content":[]}}})"},
          {"content-start",
           R"({"type":"content-start","index":0,"delta":{"message":{"content":{"type":"thinking","thinking":""}}}})"},
          {"content-delta",
           R"({"type":"content-delta","index":0,"delta":{"message":{"content":{"thinking":"Hmm."}}}})"},
          {"content-delta",
           R"({"type":"content-delta","index":1,"delta":{"message":{"content":{"text":"Hello"}}}})"},
          {"content-end", R"({"type":"content-end","index":1})"},
          {"citation-start",
           R"({"type":"citation-start","index":0,"delta":{"message":{"citations":{"start":0}}}})"},
      }));
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.reasoning, "Hmm.");
  EXPECT_EQ(result.text, "Hello");
  EXPECT_FALSE(result.complete);
}

TEST(CohereDecoder, MessageEndFinishesWithTokenUsage) {
  auto result = decode_events(
      *cohere_v2(),
      events(
          {{"message-end",
            R"({"type":"message-end","delta":{"finish_reason":"COMPLETE","usage":{"billed_units":{"input_tokens":5,"output_tokens":1},"tokens":{"input_tokens":70,"output_tokens":2}}}})"}}));
  EXPECT_FALSE(result.error);
  EXPECT_EQ(result.finish, "COMPLETE");
  EXPECT_EQ(result.usage.input_tokens, 70);
  EXPECT_EQ(result.usage.output_tokens, 2);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(cohere_v2()->make_decoder()->end_marker(), "event: message-end");
}

TEST(CohereDecoder, BilledUnitsWhenThereAreNoTokens) {
  auto result = decode_events(
      *cohere_v2(),
      events(
          {{"message-end",
            R"({"type":"message-end","delta":{"finish_reason":"MAX_TOKENS","usage":{"billed_units":{"input_tokens":5.0,"output_tokens":9}}}})"}}));
  EXPECT_EQ(result.usage.input_tokens, 5);
  EXPECT_EQ(result.usage.output_tokens, 9);
}

TEST(CohereDecoder, FinishReasonErrorIsAStreamError) {
  auto result = decode_events(
      *cohere_v2(),
      events(
          {{"message-end",
            R"({"type":"message-end","delta":{"finish_reason":"ERROR","error":"internal failure"}})"}}));
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "internal failure");
  result = decode_events(
      *cohere_v2(),
      events({{"message-end", R"({"type":"message-end","delta":{"finish_reason":"ERROR"}})"}}));
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_THAT(result.error.message, HasSubstr("ERROR"));
}

TEST(CohereDecoder, ErrorShapesAreStreamErrors) {
  auto result =
      decode_events(*cohere_v2(), events({{"message", R"({"message":"too many tokens"})"}}));
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "too many tokens");
  result = decode_events(*cohere_v2(), events({{"error", R"({"type":"error","message":"boom"})"}}));
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "boom");
}

TEST(CohereDecoder, IgnoresDoneAndUnknownEvents) {
  auto result = decode_events(
      *cohere_v2(),
      events({{"message", "[DONE]"},
              {"tool-plan-delta",
               R"({"type":"tool-plan-delta","delta":{"message":{"tool_plan":"x"}}})"}}));
  EXPECT_FALSE(result.error);
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(CohereDecoder, NonJsonIsMalformed) {
  auto result = decode_events(*cohere_v2(), events({{"content-delta", "{\"type\":"}}));
  EXPECT_EQ(result.error.code, ErrorCode::malformed_stream);
}

TEST(CohereV1Decoder, TextGenerationThenStreamEnd) {
  auto result = decode_data(
      *cohere_v1(),
      {R"({"is_finished":false,"event_type":"stream-start","generation_id":"g1"})",
       R"({"is_finished":false,"event_type":"text-generation","text":"Hello"})",
       R"({"is_finished":false,"event_type":"search-queries-generation","search_queries":[]})",
       R"({"is_finished":false,"event_type":"text-generation","text":" there"})",
       R"({"is_finished":true,"event_type":"stream-end","finish_reason":"COMPLETE","response":{"text":"Hello there","meta":{"billed_units":{"input_tokens":5,"output_tokens":2}}}})"});
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "Hello there");
  EXPECT_EQ(result.finish, "COMPLETE");
  EXPECT_EQ(result.usage.input_tokens, 5);
  EXPECT_EQ(result.usage.output_tokens, 2);
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(cohere_v1()->make_decoder()->end_marker(), R"({"event_type":"stream-end"})");
}

TEST(CohereV1Decoder, NotCompleteBeforeStreamEnd) {
  auto result = decode_data(*cohere_v1(), {R"({"event_type":"text-generation","text":"Hel"})"});
  EXPECT_FALSE(result.complete);
}

TEST(CohereV1Decoder, ErrorFinishReasonsAreStreamErrors) {
  for (const char* reason : {"ERROR", "ERROR_TOXIC", "ERROR_LIMIT"}) {
    auto result = decode_data(
        *cohere_v1(),
        {std::string(R"({"is_finished":true,"event_type":"stream-end","finish_reason":")") +
         reason + "\"}"});
    EXPECT_EQ(result.error.code, ErrorCode::stream_error) << reason;
    EXPECT_THAT(result.error.message, HasSubstr(reason));
  }
}

TEST(CohereV1Decoder, ErrorLineIsAStreamError) {
  auto result = decode_data(*cohere_v1(), {R"({"message":"invalid api token"})"});
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "invalid api token");
}

TEST(CohereV1Decoder, APieceOfALineIsMalformed) {
  // The original client json.loads'ed 128-byte pieces (PROTOCOLS §3.11): a cut line is an error
  // here, not silently skipped.
  auto result = decode_data(*cohere_v1(), {R"({"is_finished":false,"event_type":"text-gen)"});
  EXPECT_EQ(result.error.code, ErrorCode::malformed_stream);
}

TEST(CohereErrorMessage, ReadsMessage) {
  EXPECT_EQ(cohere_v2()->error_message(R"({"id":"x","message":"invalid api token"})"),
            "invalid api token");
  EXPECT_EQ(cohere_v2()->error_message(R"({"error":{"message":"not cohere"}})"), "");
  EXPECT_EQ(cohere_v1()->error_message(""), "");
}

}  // namespace
}  // namespace tinychat
