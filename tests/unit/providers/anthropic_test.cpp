#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"

namespace tinychat {
namespace {

using testing::body_of;
using testing::decode_events;
using testing::Event;
using ::testing::HasSubstr;
using testing::header_value;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::provider_for;
using json = nlohmann::json;

auto anthropic() { return provider_for(ApiFamily::anthropic); }

const History kHistory = {
    {Role::user, "First question", "", false},
    {Role::assistant, "First answer", "private thoughts", false},
    {Role::user, "Second question", "", false},
};

TEST(AnthropicRequest, PostsToMessagesWithKeyAndVersionHeaders) {
  auto provider =
      provider_for(ApiFamily::anthropic, OpenAIDialect::generic, "https://api.anthropic.com/v1/");
  const HttpRequest request = provider->build_request(kHistory, {"claude-x", "", {}, {}});
  EXPECT_EQ(request.url, "https://api.anthropic.com/v1/messages");
  EXPECT_EQ(header_value(request, "x-api-key"), "sk-test-key-1234");
  EXPECT_EQ(header_value(request, "anthropic-version"), "2023-06-01");
  EXPECT_EQ(header_value(request, "Content-Type"), "application/json");
  EXPECT_EQ(header_value(request, "Accept"), "text/event-stream");
  EXPECT_EQ(header_value(request, "Authorization"), "<none>");
  EXPECT_THAT(request.url, Not(HasSubstr("sk-test-key-1234")));
}

TEST(AnthropicRequest, BodyHasTopLevelSystemAndUserAssistantMessages) {
  const json body =
      body_of(anthropic()->build_request(kHistory, {"claude-x", "Be brief.", 0.4, 1000}));
  EXPECT_EQ(body, json::parse(R"({
    "model": "claude-x",
    "max_tokens": 1000,
    "system": "Be brief.",
    "temperature": 0.4,
    "stream": true,
    "messages": [
      {"role": "user", "content": "First question"},
      {"role": "assistant", "content": "First answer"},
      {"role": "user", "content": "Second question"}
    ]
  })"));
}

TEST(AnthropicRequest, MaxTokensDefaultsBecauseTheApiRequiresIt) {
  const json body = body_of(anthropic()->build_request(kHistory, {"claude-x", "", {}, {}}));
  EXPECT_EQ(body["max_tokens"], 8192);
  EXPECT_FALSE(body.contains("system"));
  EXPECT_FALSE(body.contains("temperature"));
}

TEST(AnthropicRequest, SystemMessagesOfTheHistoryJoinTheSystemField) {
  const History history = {{Role::system, "Use French.", "", false},
                           {Role::user, "hi", "", false},
                           {Role::assistant, "", "", true},
                           {Role::user, "again", "", false}};
  const json body = body_of(anthropic()->build_request(history, {"claude-x", "Be brief.", {}, {}}));
  EXPECT_EQ(body["system"], "Be brief.\n\nUse French.");
  EXPECT_EQ(body["messages"],
            json::parse(R"([{"role":"user","content":"hi"},{"role":"user","content":"again"}])"));
}

TEST(AnthropicRequest, NoKeyHeaderWithoutAKey) {
  auto provider = provider_for(ApiFamily::anthropic, OpenAIDialect::generic, "http://proxy/v1", "");
  EXPECT_EQ(header_value(provider->build_request(kHistory, {"c", "", {}, {}}), "x-api-key"),
            "<none>");
}

std::vector<Event> events(std::initializer_list<std::pair<const char*, const char*>> list) {
  std::vector<Event> out;
  for (const auto& [type, data] : list) out.push_back({type, data});
  return out;
}

TEST(AnthropicDecoder, TextDeltasBecomeTextAndThinkingBecomesReasoning) {
  auto result = decode_events(
      *anthropic(),
      events({
          {"content_block_start",
           R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})"},
          {"content_block_delta",
           R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see."}})"},
          {"content_block_delta",
           R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}})"},
          {"content_block_delta",
           R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi \u00e9"}})"},
          {"content_block_delta",
           R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"a"}})"},
          {"content_block_delta",
           R"({"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{"type":"char_location"}}})"},
      }));
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.reasoning, "Let me see.");
  EXPECT_EQ(result.text, "Hi é");
  EXPECT_EQ(result.deltas.size(), 2u);
}

TEST(AnthropicDecoder, DispatchesOnTheJsonTypeNotTheEventName) {
  auto result = decode_events(
      *anthropic(),
      events({
          {"message",
           R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}})"},
          {"message", R"({"type":"message_stop"})"},
      }));
  EXPECT_EQ(result.text, "x");
  EXPECT_TRUE(result.complete);
}

TEST(AnthropicDecoder, FallsBackOnTheEventNameWhenTheJsonHasNoType) {
  auto result = decode_events(*anthropic(), events({{"message_stop", "{}"}}));
  EXPECT_TRUE(result.complete);
}

TEST(AnthropicDecoder, UsageMergesInputFromStartWithOutputFromDelta) {
  auto result = decode_events(
      *anthropic(),
      events({
          {"message_start",
           R"({"type":"message_start","message":{"id":"m","usage":{"input_tokens":25,"cache_read_input_tokens":100,"cache_creation_input_tokens":0,"output_tokens":1}}})"},
          {"message_delta",
           R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}})"},
      }));
  EXPECT_FALSE(result.error);
  EXPECT_EQ(result.finish, "end_turn");
  EXPECT_EQ(result.usage.input_tokens, 125);
  EXPECT_EQ(result.usage.cached_tokens, 100);
  EXPECT_EQ(result.usage.output_tokens, 15);
  ASSERT_FALSE(result.deltas.empty());
  EXPECT_EQ(result.deltas.back().kind, DeltaKind::usage);
  EXPECT_EQ(result.deltas.back().usage.input_tokens, 125);  // merged into the last report
  EXPECT_FALSE(result.complete) << "message_stop is the end";
}

TEST(AnthropicDecoder, MessageStopCompletes) {
  auto result =
      decode_events(*anthropic(), events({{"message_stop", R"({"type":"message_stop"})"}}));
  EXPECT_TRUE(result.complete);
  EXPECT_EQ(anthropic()->make_decoder()->end_marker(), "event: message_stop");
}

TEST(AnthropicDecoder, IgnoresPingAndUnknownEvents) {
  auto result = decode_events(
      *anthropic(), events({
                        {"ping", R"({"type": "ping"})"},
                        {"content_block_stop", R"({"type":"content_block_stop","index":0})"},
                        {"brand_new_event", R"({"type":"brand_new_event","data":[1,{"x":null}]})"},
                    }));
  EXPECT_FALSE(result.error);
  EXPECT_THAT(result.deltas, IsEmpty());
}

TEST(AnthropicDecoder, ErrorEventIsAStreamErrorWithTheMessage) {
  auto result = decode_events(
      *anthropic(),
      events({
          {"content_block_delta",
           R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Once"}})"},
          {"error",
           R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"},
      }));
  EXPECT_EQ(result.text, "Once");
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "Overloaded");
  EXPECT_FALSE(result.complete);
}

TEST(AnthropicDecoder, ErrorEventWithoutMessageNamesItsType) {
  auto result = decode_events(
      *anthropic(),
      events({{"error", R"({"type":"error","error":{"type":"api_error","message":""}})"}}));
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_THAT(result.error.message, HasSubstr("api_error"));
}

TEST(AnthropicDecoder, NonJsonIsMalformed) {
  auto result = decode_events(*anthropic(), events({{"content_block_delta", "not json"}}));
  EXPECT_EQ(result.error.code, ErrorCode::malformed_stream);
  EXPECT_THAT(result.error.message, HasSubstr("not json"));
}

TEST(AnthropicDecoder, NonJsonErrorEventIsStillAStreamError) {
  auto result = decode_events(*anthropic(), events({{"error", "Service Unavailable"}}));
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_THAT(result.error.message, HasSubstr("Service Unavailable"));
}

TEST(AnthropicDecoder, TextDeltaWithWrongTypeIsMalformed) {
  auto result = decode_events(
      *anthropic(),
      events({{"content_block_delta",
               R"({"type":"content_block_delta","delta":{"type":"text_delta","text":5}})"}}));
  EXPECT_EQ(result.error.code, ErrorCode::malformed_stream);
}

TEST(AnthropicErrorMessage, ReadsErrorMessage) {
  EXPECT_EQ(
      anthropic()->error_message(
          R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_1"})"),
      "invalid x-api-key");
  EXPECT_EQ(anthropic()->error_message("upstream connect error"), "");
  EXPECT_EQ(anthropic()->error_message(R"({"message":"elsewhere"})"), "");
}

}  // namespace
}  // namespace tinychat
