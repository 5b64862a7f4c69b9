// The idle timeout and the whole-reply limit with real providers' streams from a loopback
// server: a server that only keeps the connection alive times out; a slow answer does not.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/loopback_server.h"
#include "tinychat/chat_session.h"
#include "tinychat/curl_session.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using testing::LoopbackServer;
using testing::Reply;
using Clock = std::chrono::steady_clock;

std::string openai_chunk(const std::string& delta) {
  return R"(data: {"choices":[{"index":0,"delta":)" + delta + "}]}\n\n";
}

// `piece` over and over, `pause` apart, for far longer than any test's limit.
Reply endless(const std::string& piece, int count = 40, std::chrono::milliseconds pause = 100ms) {
  return Reply::stream(std::vector<std::string>(count, piece)).with_pause(pause);
}

class StreamDeadlines : public ::testing::Test {
 protected:
  std::shared_ptr<const Provider> provider(ApiFamily family, const char* name) {
    return make_provider({name, family, OpenAIDialect::generic, server.url("/v1"), "k"});
  }
  TurnResult reply_from(ApiFamily family, const char* name, CurlSessionOptions options) {
    ChatSession chat(std::make_shared<CurlSession>(options), provider(family, name),
                     {"m", "", std::nullopt, 16});
    PendingReply reply = chat.stream_response("hi");
    if (reply.wait_for(10s) != std::future_status::ready) {
      ADD_FAILURE() << "no end within 10 s";
      reply.cancel();
    }
    return reply.get();
  }
  static CurlSessionOptions idle(std::chrono::milliseconds timeout) {
    CurlSessionOptions options;
    options.idle_timeout = timeout;
    return options;
  }

  LoopbackServer server;
};

TEST_F(StreamDeadlines, OnlyKeepAliveCommentsTimeOut) {
  server.enqueue(endless(": keep-alive\n\n"));  // 4 s of comments
  const auto start = Clock::now();
  const TurnResult result = reply_from(ApiFamily::openai, "openai", idle(500ms));
  EXPECT_LT(Clock::now() - start, 3s);
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "nothing but keep-alives received from 127.0.0.1 for 500 ms");
}

TEST_F(StreamDeadlines, OnlyEmptyEventsTimeOut) {
  server.enqueue(endless("data:\n\n"));
  const TurnResult result = reply_from(ApiFamily::openai, "openai", idle(500ms));
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "nothing but keep-alives received from 127.0.0.1 for 500 ms");
}

TEST_F(StreamDeadlines, AnthropicPingsAloneTimeOut) {
  server.enqueue(endless("event: ping\ndata: {\"type\": \"ping\"}\n\n"));
  const TurnResult result = reply_from(ApiFamily::anthropic, "anthropic", idle(500ms));
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "nothing but keep-alives received from 127.0.0.1 for 500 ms");
}

TEST_F(StreamDeadlines, ASlowAnswerAmongKeepAlivesDoesNotTimeOut) {
  // A piece of the answer every 300 ms with comments between, for 3 s: ten times the gap
  // between pieces of the answer, three times the idle timeout.
  std::vector<std::string> pieces{openai_chunk(R"({"role":"assistant"})")};
  std::string answer;
  for (int i = 0; i < 10; ++i) {
    pieces.push_back(": keep-alive\n\n");
    pieces.push_back(openai_chunk(R"({"content":"w)" + std::to_string(i) + R"( "})"));
    // Appended piece by piece: GCC 12 warns falsely on "w" + std::string (its bug 105651).
    answer.append("w").append(std::to_string(i)).append(" ");
  }
  pieces.push_back(R"(data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
                   "\n\ndata: [DONE]\n\n");
  server.enqueue(Reply::stream(pieces).with_pause(150ms));
  const TurnResult result = reply_from(ApiFamily::openai, "openai", idle(1s));
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, answer);
}

TEST_F(StreamDeadlines, OpenAIChunksWithoutContentStillCountAsEvents) {
  // A server at work may send chunks with an empty delta (a role, a tool call's start) for a
  // while: they are events, not keep-alives.
  std::vector<std::string> pieces(12, openai_chunk("{}"));
  pieces.push_back(openai_chunk(R"({"content":"done"})") + "data: [DONE]\n\n");
  server.enqueue(Reply::stream(pieces).with_pause(100ms));
  const TurnResult result = reply_from(ApiFamily::openai, "openai", idle(500ms));
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "done");
}

TEST_F(StreamDeadlines, MaxTimeEndsAnAnswerThatGoesOnTooLong) {
  server.enqueue(endless(openai_chunk(R"({"content":"more "})")));
  CurlSessionOptions options;
  options.max_time = 700ms;
  const auto start = Clock::now();
  const TurnResult result = reply_from(ApiFamily::openai, "openai", options);
  EXPECT_LT(Clock::now() - start, 3s);
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "no complete answer from 127.0.0.1 within 700 ms");
  EXPECT_THAT(result.text, ::testing::StartsWith("more "));  // What arrived is kept.
}

}  // namespace
}  // namespace tinychat
