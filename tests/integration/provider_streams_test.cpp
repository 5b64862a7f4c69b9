// The whole library against a real HTTP server on 127.0.0.1: each provider's recorded stream is
// replayed byte for byte in tiny writes that split lines, CRLF pairs and multi-byte characters,
// and faults are injected on the wire.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "support/collected_deltas.h"
#include "support/loopback_server.h"
#include "support/test_data.h"
#include "tinychat/chat_session.h"
#include "tinychat/curl_session.h"
#include "tinychat/provider_registry.h"

namespace tinychat {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using ::testing::Not;
using testing::read_test_data;
using testing::Reply;

constexpr const char* kKey = "integration-key-91c2";

struct Stream {
  const char* provider;
  const char* base_path;  // appended to the server's URL to make the base URL
  const char* file;
  const char* answer;
  const char* expected_path;
  const char* auth_header;
  const char* auth_value;
};

void PrintTo(const Stream& s, std::ostream* os) { *os << s.provider; }

class ProviderStreamTest : public ::testing::TestWithParam<Stream> {
 protected:
  std::shared_ptr<const Provider> provider_for(const Stream& s) {
    const BuiltinProvider* info = find_builtin_provider(s.provider);
    return make_provider(
        {info->name.data(), info->family, info->dialect, server.url(s.base_path), kKey});
  }
  LoopbackServer server;
  std::shared_ptr<CurlSession> http = std::make_shared<CurlSession>();
};

TEST_P(ProviderStreamTest, StreamsTheRecordedAnswerCutIntoTinyWrites) {
  const Stream& s = GetParam();
  server.enqueue(Reply::replay(read_test_data(s.file), 5));
  ChatSession chat(http, provider_for(s), {"test-model", "Be brief.", 0.2, std::nullopt});
  testing::CollectedDeltas streamed;
  TurnResult result = chat.stream_response("Hello there", streamed.callback()).get();

  ASSERT_FALSE(result.error) << result.error.message;
  const std::string answer = read_test_data(s.answer);
  EXPECT_EQ(streamed.text, answer);
  EXPECT_GT(streamed.batch_sizes.size(), 2u);
  EXPECT_EQ(chat.history().back(), (Message{Role::assistant, answer, result.reasoning, false}));

  ASSERT_TRUE(server.wait_for_requests(1));
  const testing::RecordedRequest request = server.request(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, s.expected_path);
  EXPECT_EQ(request.header(s.auth_header).value_or(""), s.auth_value);
  EXPECT_THAT(request.target, Not(HasSubstr(kKey)));
  EXPECT_THAT(request.body, HasSubstr("Hello there"));
}

INSTANTIATE_TEST_SUITE_P(
    AllProviders, ProviderStreamTest,
    ::testing::Values(Stream{"openai", "/v1", "openai.sse", "openai.answer", "/v1/chat/completions",
                             "authorization", "Bearer integration-key-91c2"},
                      Stream{"mistral", "/v1", "mistral.sse", "mistral.answer",
                             "/v1/chat/completions", "authorization",
                             "Bearer integration-key-91c2"},
                      Stream{"together", "/v1", "together.sse", "together.answer",
                             "/v1/chat/completions", "authorization",
                             "Bearer integration-key-91c2"},
                      Stream{"anthropic", "/v1", "anthropic.sse", "anthropic.answer",
                             "/v1/messages", "x-api-key", "integration-key-91c2"},
                      Stream{"gemini", "/v1beta", "gemini.sse", "gemini.answer",
                             "/v1beta/models/test-model:streamGenerateContent?alt=sse",
                             "x-goog-api-key", "integration-key-91c2"},
                      Stream{"cohere", "/v2", "cohere.sse", "cohere.answer", "/v2/chat",
                             "authorization", "Bearer integration-key-91c2"}),
    [](const auto& test_info) { return std::string(test_info.param.provider); });

TEST(ProviderStreams, CohereV1StreamsNdjson) {
  LoopbackServer server;
  server.enqueue(Reply::replay(read_test_data("cohere_v1.ndjson"), 5, "application/stream+json"));
  auto http = std::make_shared<CurlSession>();
  ChatSession chat(
      http,
      make_provider({"cohere", ApiFamily::cohere, OpenAIDialect::generic, server.url("/v1"), kKey}),
      {"command-r", "", std::nullopt, std::nullopt});
  TurnResult result = chat.stream_response("Hello there").get();
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, read_test_data("cohere_v1.answer"));
  EXPECT_EQ(server.request(0).target, "/v1/chat");
}

TEST(ProviderStreams, CohereV1StreamCutMidLineIsIncompleteNotMalformed) {
  // Used to report a decoding error for what was a dropped connection's half line.
  const std::string stream = read_test_data("cohere_v1.ndjson");
  const std::size_t last_line = stream.rfind('\n', stream.size() - 2);
  ASSERT_NE(last_line, std::string::npos);
  LoopbackServer server;
  server.enqueue(Reply::replay(stream.substr(0, last_line + 20), 5, "application/stream+json"));
  auto http = std::make_shared<CurlSession>();
  ChatSession chat(
      http,
      make_provider({"cohere", ApiFamily::cohere, OpenAIDialect::generic, server.url("/v1"), kKey}),
      {"command-r", "", std::nullopt, std::nullopt});
  TurnResult result = chat.stream_response("Hello there").get();
  EXPECT_EQ(result.error.code, ErrorCode::incomplete_stream) << result.error.message;
  EXPECT_EQ(result.text, read_test_data("cohere_v1.answer"));
}

class FaultTest : public ::testing::Test {
 protected:
  std::shared_ptr<const Provider> openai() {
    return make_provider(
        {"openai", ApiFamily::openai, OpenAIDialect::openai, server.url("/v1"), kKey});
  }
  std::shared_ptr<const Provider> anthropic() {
    return make_provider(
        {"anthropic", ApiFamily::anthropic, OpenAIDialect::generic, server.url("/v1"), kKey});
  }
  LoopbackServer server;
  std::shared_ptr<CurlSession> http = std::make_shared<CurlSession>();
  RequestOptions options{"test-model", "", std::nullopt, std::nullopt};
};

TEST_F(FaultTest, ErrorEventInsideA200StreamKeepsThePartialAnswer) {
  server.enqueue(Reply::replay(read_test_data("anthropic_overloaded.sse"), 7));
  ChatSession chat(http, anthropic(), options);
  TurnResult result = chat.stream_response("story").get();
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_THAT(result.error.message, HasSubstr("Overloaded"));
  EXPECT_FALSE(result.text.empty());
  EXPECT_EQ(chat.history().back().content, result.text);
  EXPECT_TRUE(chat.history().back().interrupted);
}

TEST_F(FaultTest, OpenAIErrorEventIsAnError) {
  server.enqueue(Reply::replay(read_test_data("openai_error_event.sse"), 7));
  ChatSession chat(http, openai(), options);
  TurnResult result = chat.stream_response("story").get();
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_FALSE(result.text.empty());
}

TEST_F(FaultTest, DroppedConnectionKeepsWhatArrived) {
  const std::string stream = read_test_data("openai.sse");
  Reply reply = Reply::replay(stream, 40);
  reply.with_drop_after(reply.pieces.size() / 2);
  server.enqueue(reply);
  ChatSession chat(http, openai(), options);
  TurnResult result = chat.stream_response("story").get();
  EXPECT_EQ(result.error.code, ErrorCode::network) << result.error.message;
  EXPECT_FALSE(result.text.empty());
  EXPECT_THAT(read_test_data("openai.answer"), ::testing::StartsWith(result.text));
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "story", "", false},
                                          Message{Role::assistant, result.text, "", true}));
}

TEST_F(FaultTest, StreamWithoutEndMarkerIsIncomplete) {
  server.enqueue(Reply::replay(read_test_data("openai_truncated.sse"), 9));
  ChatSession chat(http, openai(), options);
  TurnResult result = chat.stream_response("story").get();
  EXPECT_EQ(result.error.code, ErrorCode::incomplete_stream);
  EXPECT_THAT(result.error.message, HasSubstr("[DONE]"));
  EXPECT_FALSE(result.text.empty());
}

TEST_F(FaultTest, JsonInsteadOfAStreamSaysSo) {
  server.enqueue(Reply::json(200, R"({"choices":[{"message":{"content":"hi"}}]})"));
  ChatSession chat(http, openai(), options);
  TurnResult result = chat.stream_response("q").get();
  EXPECT_EQ(result.error.code, ErrorCode::incomplete_stream);
}

struct StatusCase {
  const char* name;
  int status;
  const char* body_file;
  bool anthropic;
  const char* expected;
};

void PrintTo(const StatusCase& c, std::ostream* os) { *os << c.name; }

class StatusTest : public FaultTest, public ::testing::WithParamInterface<StatusCase> {};

TEST_P(StatusTest, NonSuccessStatusNamesItAndTheProviderMessage) {
  const StatusCase& c = GetParam();
  server.enqueue(
      Reply::json(c.status, read_test_data(c.body_file)).with_header("Retry-After", "7"));
  // Retries have tests of their own; this one reads the message of the first answer.
  ChatSession chat(http, c.anthropic ? anthropic() : openai(), options,
                   RetryPolicy{.max_retries = 0});
  TurnResult result = chat.stream_response("q").get();
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_EQ(result.error.http_status, c.status);
  EXPECT_EQ(result.error.message, c.expected);
  EXPECT_THAT(result.error.message, Not(HasSubstr(kKey)));
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "q", "", false}));
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, StatusTest,
    ::testing::Values(
        StatusCase{"anthropic401", 401, "anthropic_401.json", true,
                   "Server responded with an error. Status Code: 401: invalid x-api-key"},
        StatusCase{"openai400", 400, "openai_401.json", false,
                   "Server responded with an error. Status Code: 400: Incorrect API key provided: "
                   "sk-abc***xyz. You can find your API key at "
                   "https://platform.openai.com/account/api-keys."},
        StatusCase{
            "openai429", 429, "openai_429.json", false,
            "Server responded with an error. Status Code: 429: Rate limit reached for gpt-4o in "
            "organization org-tinychat on tokens per min (TPM): Limit 30000, Used 29800, Requested "
            "500. Please try again in 600ms. Visit https://platform.openai.com/account/rate-limits "
            "to learn more. (retry after 7 s)"}),
    [](const auto& test_info) { return std::string(test_info.param.name); });

TEST_F(FaultTest, RefusedConnectionIsANetworkError) {
  auto provider = make_provider(
      {"openai", ApiFamily::openai, OpenAIDialect::openai, "http://127.0.0.1:1/v1", kKey});
  ChatSession chat(http, std::move(provider), options, RetryPolicy{.max_retries = 0});
  TurnResult result = chat.stream_response("q").get();
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(result.error.message, Not(HasSubstr(kKey)));
  EXPECT_EQ(chat.history().size(), 1u);
}

TEST_F(FaultTest, SecondTurnSendsTheHistory) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  ChatSession chat(http, openai(), options);
  ASSERT_FALSE(chat.stream_response("first question").get().error);
  ASSERT_FALSE(chat.stream_response("second question").get().error);
  ASSERT_TRUE(server.wait_for_requests(2));
  const std::string body = server.request(1).body;
  const auto first = body.find("first question");
  const auto answer = body.find("\"assistant\"");
  const auto second = body.find("second question");
  EXPECT_TRUE(first < answer && answer < second) << body;
}

TEST_F(FaultTest, SecondTurnReusesTheFirstTurnsConnection) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  ChatSession chat(http, openai(), options);
  ASSERT_FALSE(chat.stream_response("first question").get().error);
  ASSERT_FALSE(chat.stream_response("second question").get().error);
  ASSERT_TRUE(server.wait_for_requests(2));
  EXPECT_EQ(server.connection_count(), 1u);  // No second TCP (or TLS) set-up.
}

TEST_F(FaultTest, EventsThatArriveInOnePassAreOneBatchInOrder) {
  // 200 events, one HTTP chunk each, all in one write: one read of the loop, one batch.
  std::string wire;
  std::vector<std::string> expected;
  auto add_chunk = [&wire](const std::string& event) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", event.size());
    wire.append(size).append(event).append("\r\n");
  };
  for (int i = 0; i < 200; ++i) {
    expected.push_back(" t" + std::to_string(i));
    add_chunk(R"(data: {"choices":[{"index":0,"delta":{"content":")" + expected.back() +
              R"("},"finish_reason":null}]})"
              "\n\n");
  }
  add_chunk(R"(data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
            "\n\ndata: [DONE]\n\n");
  wire += "0\r\n\r\n";
  server.enqueue(Reply::stream({wire})
                     .with_framing(testing::Framing::close)
                     .with_header("Transfer-Encoding", "chunked"));
  ChatSession chat(http, openai(), options);
  testing::CollectedDeltas streamed;
  const TurnResult result = chat.stream_response("count", streamed.callback()).get();
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(streamed.pieces, expected);
  EXPECT_EQ(streamed.batch_sizes, std::vector<std::size_t>{201});  // 200 texts and the finish.
}

}  // namespace
}  // namespace tinychat
