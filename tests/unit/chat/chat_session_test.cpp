#include "tinychat/chat_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "mocks/fake_provider.h"
#include "mocks/held_transfer.h"
#include "mocks/mock_session.h"
#include "support/collected_deltas.h"

namespace tinychat {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using testing::FailWith;
using testing::FakeProvider;
using ::testing::HasSubstr;
using testing::HeldTransfer;
using testing::MockSession;
using ::testing::Not;
using testing::Reply;

using Collected = testing::CollectedDeltas;

class ChatSessionTest : public ::testing::Test {
 protected:
  std::shared_ptr<MockSession> http = std::make_shared<MockSession>();
  std::shared_ptr<FakeProvider> provider = std::make_shared<FakeProvider>("sk-very-secret");
  RequestOptions options{"fake-model", "", 0.5, std::nullopt};
};

TEST_F(ChatSessionTest, StreamsPiecesInOrderThenRecordsTheTurn) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: Hel", "lo\n\ndata: !\n", "\ndata: [END]\n\n"}));
  ChatSession chat(http, provider, options);
  Collected seen;
  TurnResult result = chat.stream_response("hello", seen.callback()).get();

  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(seen.pieces, ElementsAre("Hello", "!"));
  EXPECT_EQ(result.text, "Hello!");
  EXPECT_EQ(result.finish_reason, "stop");
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "hello", "", false},
                                          Message{Role::assistant, "Hello!", "", false}));
}

TEST_F(ChatSessionTest, DeliversTheDeltasOfOneReadInOneBatch) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: a\n\ndata: b\n\ndata: c\n\n", "data: [END]\n\n"}));
  ChatSession chat(http, provider, options);
  Collected seen;
  chat.stream_response("x", seen.callback()).get();
  EXPECT_THAT(seen.batch_sizes, ElementsAre(3, 1));
}

TEST_F(ChatSessionTest, SendsTheHistoryWithTheNextTurn) {
  std::string second_body;
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: Hi!\n\ndata: [END]\n\n"}))
      .WillOnce([&](const HttpRequest& request, BodyCallback on_body, CompletionCallback on_done) {
        second_body = request.body;
        return Reply(200, {"data: Fine.\n\ndata: [END]\n\n"})(request, on_body, on_done);
      });
  ChatSession chat(http, provider, options);
  chat.stream_response("hello").get();
  chat.stream_response("how are you?").get();
  EXPECT_EQ(
      second_body,
      "model:fake-model\ntemperature:0.500000\nuser:hello\nassistant:Hi!\nuser:how are you?\n");
  EXPECT_EQ(chat.history().size(), 4u);
}

TEST_F(ChatSessionTest, KeepsReasoningApartFromTheAnswer) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: [REASON]hmm\n\ndata: 42\n\ndata: [END]\n\n"}));
  ChatSession chat(http, provider, options);
  TurnResult result = chat.stream_response("q").get();
  EXPECT_EQ(result.text, "42");
  EXPECT_EQ(result.reasoning, "hmm");
  EXPECT_EQ(chat.history().back().reasoning, "hmm");
}

TEST_F(ChatSessionTest, NonSuccessStatusNamesTheStatusAndTheProviderMessage) {
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(Reply(401, {"message=invalid x-api-key"}));
  ChatSession chat(http, provider, options);
  Collected seen;
  TurnResult result = chat.stream_response("hello", seen.callback()).get();
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_EQ(result.error.http_status, 401);
  EXPECT_EQ(result.error.message,
            "Server responded with an error. Status Code: 401: invalid x-api-key");
  EXPECT_TRUE(seen.pieces.empty());
  // The prompt is kept, so the user can send it again.
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "hello", "", false}));
}

TEST_F(ChatSessionTest, NonSuccessStatusWithoutProviderMessageQuotesTheBody) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(400, {"<html>\n  <body>Bad   gateway</body>\n</html>"}));
  ChatSession chat(http, provider, options);
  TurnResult result = chat.stream_response("hello").get();
  EXPECT_EQ(result.error.message,
            "Server responded with an error. Status Code: 400: <html> <body>Bad gateway</body> "
            "</html>");
}

TEST_F(ChatSessionTest, ErrorMessagesNeverCarryTheApiKey) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(401, {"Incorrect API key provided: sk-very-secret"}));
  ChatSession chat(http, provider, options);
  TurnResult result = chat.stream_response("hello").get();
  EXPECT_THAT(result.error.message, Not(HasSubstr("sk-very-secret")));
  EXPECT_THAT(result.error.message, HasSubstr("[redacted]"));
}

TEST_F(ChatSessionTest, ErrorEventKeepsThePartialAnswerMarkedInterrupted) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: Once upon\n\ndata: ERR:Overloaded\n\ndata: never\n\n"}));
  ChatSession chat(http, provider, options);
  Collected seen;
  TurnResult result = chat.stream_response("tell me", seen.callback()).get();
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_EQ(result.error.message, "Overloaded");
  EXPECT_THAT(seen.pieces, ElementsAre("Once upon"));
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "tell me", "", false},
                                          Message{Role::assistant, "Once upon", "", true}));
}

TEST_F(ChatSessionTest, StreamWithoutEndMarkerIsIncomplete) {
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(Reply(200, {"data: Once\n\ndata: upon\n\n"}));
  ChatSession chat(http, provider, options);
  TurnResult result = chat.stream_response("tell me").get();
  EXPECT_EQ(result.error.code, ErrorCode::incomplete_stream);
  EXPECT_THAT(result.error.message, HasSubstr("data: [END]"));
  EXPECT_EQ(result.text, "Onceupon");
  EXPECT_TRUE(chat.history().back().interrupted);
}

TEST_F(ChatSessionTest, UnterminatedFinalEventIsDiscarded) {
  // WHATWG: an event without its blank line at EOF is never dispatched.
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(Reply(200, {"data: a\n\ndata: [END]\n"}));
  ChatSession chat(http, provider, options);
  TurnResult result = chat.stream_response("q").get();
  EXPECT_EQ(result.error.code, ErrorCode::incomplete_stream);
  EXPECT_EQ(result.text, "a");
}

TEST_F(ChatSessionTest, NetworkFailureKeepsTheUserTurn) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(FailWith(ErrorCode::network, "could not connect to 127.0.0.1 port 9"));
  ChatSession chat(http, provider, options);
  TurnResult result = chat.stream_response("hello").get();
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "hello", "", false}));
}

TEST_F(ChatSessionTest, DroppedConnectionKeepsWhatArrived) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce([](const HttpRequest&, BodyCallback on_body, CompletionCallback on_done) {
        on_body("data: partial\n\n");
        HttpResult result;
        result.status = 200;
        result.error = Error(ErrorCode::network, "connection closed before the response ended");
        on_done(result);
        return PendingResponse::ready(result);
      });
  ChatSession chat(http, provider, options);
  TurnResult result = chat.stream_response("q").get();
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_EQ(chat.history().back(), (Message{Role::assistant, "partial", "", true}));
}

TEST_F(ChatSessionTest, RefusesASecondReplyWhileOneStreams) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  ChatSession chat(http, provider, options);
  PendingReply first = chat.stream_response("one");
  TurnResult second = chat.stream_response("two").get();
  EXPECT_EQ(second.error.code, ErrorCode::busy);
  held.on_body("data: ok\n\ndata: [END]\n\n");
  held.end(HttpResult{{}, 200, {}, {}, 0});
  EXPECT_FALSE(first.get().error);
  EXPECT_EQ(chat.history().size(), 2u);
}

TEST_F(ChatSessionTest, CancelKeepsThePartialAnswer) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  ChatSession chat(http, provider, options);
  PendingReply reply = chat.stream_response("story");
  held.on_body("data: Once\n\n");
  reply.cancel();
  EXPECT_TRUE(held.cancelled);
  held.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 200, {}, {}, 0});
  TurnResult result = reply.get();
  EXPECT_EQ(result.error.code, ErrorCode::cancelled);
  EXPECT_EQ(chat.history().back(), (Message{Role::assistant, "Once", "", true}));
  EXPECT_EQ(chat.export_conversation(), "You: story\nLLM: Once [interrupted]");
}

TEST_F(ChatSessionTest, ClearDuringAReplyCancelsItAndForgetsIt) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  ChatSession chat(http, provider, options);
  Collected seen;
  PendingReply reply = chat.stream_response("story", seen.callback());
  held.on_body("data: Once\n\n");
  // The transfer ends on another thread once cancelled, as a real session's would.
  std::thread http_thread([&] {
    while (!held.cancelled) std::this_thread::yield();
    EXPECT_FALSE(held.on_body("data: late\n\n"));
    held.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 200, {}, {}, 0});
  });
  chat.clear();  // returns only once the old turn's callbacks are over
  http_thread.join();
  EXPECT_TRUE(chat.history().empty());
  EXPECT_THAT(seen.pieces, ElementsAre("Once"));
  EXPECT_EQ(reply.get().error.code, ErrorCode::cancelled);
}

TEST_F(ChatSessionTest, DestructorCancelsAReplyStillStreaming) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  PendingReply reply;
  std::thread http_thread;
  {
    ChatSession chat(http, provider, options);
    reply = chat.stream_response("story");
    http_thread = std::thread([&] {
      while (!held.cancelled) std::this_thread::yield();
      held.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 200, {}, {}, 0});
    });
  }
  http_thread.join();
  EXPECT_EQ(reply.get().error.code, ErrorCode::cancelled);
}

TEST_F(ChatSessionTest, TurnCallbackSeesTheResultAfterTheHistoryHoldsTheTurn) {
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(Reply(200, {"data: Hi\n\ndata: [END]\n\n"}));
  ChatSession chat(http, provider, options);
  int calls = 0;
  std::size_t history_size_seen = 0;
  std::string text_seen;
  PendingReply reply = chat.stream_response("hello", {}, [&](const TurnResult& result) {
    ++calls;
    text_seen = result.text;
    history_size_seen = chat.history().size();
  });
  EXPECT_FALSE(reply.get().error);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(text_seen, "Hi");
  EXPECT_EQ(history_size_seen, 2u);
}

TEST_F(ChatSessionTest, TurnCallbackHearsOfARefusedTurnAtOnce) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  ChatSession chat(http, provider, options);
  PendingReply first = chat.stream_response("one");
  Error refusal;
  chat.stream_response("two", {}, [&](const TurnResult& result) { refusal = result.error; });
  EXPECT_EQ(refusal.code, ErrorCode::busy);
  held.end(HttpResult{Error(ErrorCode::network, "dropped"), 0, {}, {}, 0});
  first.get();
}

TEST_F(ChatSessionTest, ClearReturnsOnlyAfterTheAbandonedTurnsCallbackRan) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  ChatSession chat(http, provider, options);
  std::atomic<bool> callback_done{false};
  PendingReply reply = chat.stream_response("story", {}, [&](const TurnResult& result) {
    EXPECT_EQ(result.error.code, ErrorCode::cancelled);
    // Slow on purpose: clear() must still wait for it.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    callback_done = true;
  });
  std::thread http_thread([&] {
    while (!held.cancelled) std::this_thread::yield();
    held.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 200, {}, {}, 0});
  });
  chat.clear();
  EXPECT_TRUE(callback_done);
  http_thread.join();
  reply.get();
}

TEST_F(ChatSessionTest, NewOptionsApplyToTheNextTurn) {
  std::vector<std::string> bodies;
  EXPECT_CALL(*http, post(_, _, _))
      .Times(2)
      .WillRepeatedly(
          [&](const HttpRequest& request, BodyCallback on_body, CompletionCallback on_done) {
            bodies.push_back(request.body);
            return Reply(200, {"data: ok\n\ndata: [END]\n\n"})(request, on_body, on_done);
          });
  ChatSession chat(http, provider, options);
  chat.stream_response("a").get();
  chat.set_options({"other-model", "", 1.5, std::nullopt});
  chat.stream_response("b").get();
  EXPECT_THAT(bodies[0], HasSubstr("model:fake-model\ntemperature:0.5"));
  EXPECT_THAT(bodies[1], HasSubstr("model:other-model\ntemperature:1.5"));
}

TEST_F(ChatSessionTest, RateLimitNamesRetryAfter) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce([](const HttpRequest&, BodyCallback, CompletionCallback on_done) {
        HttpResult result;
        result.status = 429;
        result.headers.push_back({"Retry-After", "20"});
        result.body = "message=Rate limit reached";
        on_done(result);
        return PendingResponse::ready(result);
      });
  ChatSession chat(http, provider, options, RetryPolicy{.max_retries = 0});
  EXPECT_EQ(
      chat.stream_response("q").get().error.message,
      "Server responded with an error. Status Code: 429: Rate limit reached (retry after 20 s)");
}

}  // namespace
}  // namespace tinychat
