// ChatSession's retries, against a MockSession that answers at once: the waits are asked of the
// session (HttpRequest::start_delay), so these tests read them instead of sleeping.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <thread>

#include "mocks/fake_provider.h"
#include "mocks/held_transfer.h"
#include "mocks/mock_session.h"
#include "support/collected_deltas.h"
#include "tinychat/chat_session.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::ElementsAre;
using testing::FailToConnect;
using testing::FailWith;
using testing::FakeProvider;
using ::testing::HasSubstr;
using testing::HeldTransfer;
using testing::MockSession;
using testing::Refuse;
using testing::Reply;

constexpr const char* kAnswer = "data: Hello\n\ndata: [END]\n\n";

class ChatRetryTest : public ::testing::Test {
 protected:
  // A fixed jitter of 0.5 scales nothing: the waits are exactly 500 ms, 1 s, 2 s...
  RetryPolicy policy(int max_retries = 2, double random = 0.5) {
    RetryPolicy p;
    p.max_retries = max_retries;
    p.random = [random] { return random; };
    p.on_retry = [this](const RetryNotice& notice) { notices.push_back(notice); };
    return p;
  }
  // Wraps a MockSession action so that each request's start delay is recorded.
  template <class Action>
  auto recorded(Action action) {
    return [this, action](const HttpRequest& request, BodyCallback on_body,
                          CompletionCallback on_done) {
      delays.push_back(request.start_delay);
      return action(request, std::move(on_body), std::move(on_done));
    };
  }
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const RetryNotice& notice : notices) out.push_back(notice.message());
    return out;
  }

  std::shared_ptr<MockSession> http = std::make_shared<MockSession>();
  std::shared_ptr<FakeProvider> provider = std::make_shared<FakeProvider>("sk-retry-secret");
  RequestOptions options{"fake-model", "", std::nullopt, std::nullopt};
  std::vector<RetryNotice> notices;
  std::vector<std::chrono::milliseconds> delays;
};

TEST_F(ChatRetryTest, Two503sThenTheAnswerSucceedsAfterTwoAnnouncedWaits) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(recorded(Reply(503, {"message=overloaded"})))
      .WillOnce(recorded(Reply(503, {"message=overloaded"})))
      .WillOnce(recorded(Reply(200, {kAnswer})));
  ChatSession chat(http, provider, options, policy());
  testing::CollectedDeltas seen;
  TurnResult result = chat.stream_response("hi", seen.callback()).get();

  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.text, "Hello");
  EXPECT_THAT(seen.pieces, ElementsAre("Hello"));
  EXPECT_THAT(delays, ElementsAre(0ms, 500ms, 1000ms));
  EXPECT_THAT(messages(), ElementsAre("fake answered 503; retrying in 500 ms (1/2)",
                                      "fake answered 503; retrying in 1 s (2/2)"));
  EXPECT_EQ(notices[0].status, 503);
  EXPECT_EQ(notices[0].provider, "fake");
  // One turn, however many attempts it took.
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "hi", "", false},
                                          Message{Role::assistant, "Hello", "", false}));
}

TEST_F(ChatRetryTest, EveryRetryableStatusIsRetried) {
  for (int status : {408, 409, 429, 500, 502, 504, 529}) {
    notices.clear();
    EXPECT_CALL(*http, post(_, _, _))
        .WillOnce(Reply(status, {"message=busy"}))
        .WillOnce(Reply(200, {kAnswer}));
    ChatSession chat(http, provider, options, policy());
    EXPECT_FALSE(chat.stream_response("hi").get().error) << status;
    EXPECT_EQ(notices.size(), 1u) << status;
    ::testing::Mock::VerifyAndClearExpectations(http.get());
  }
}

TEST_F(ChatRetryTest, ARateLimitWaitsAsLongAsRetryAfterSays) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(recorded(Refuse(429, {{"Retry-After", "1"}}, "message=slow down")))
      .WillOnce(recorded(Reply(200, {kAnswer})));
  ChatSession chat(http, provider, options, policy());
  EXPECT_FALSE(chat.stream_response("hi").get().error);
  EXPECT_THAT(delays, ElementsAre(0ms, 1000ms));
  EXPECT_THAT(messages(), ElementsAre("rate limited by fake; retrying in 1 s (1/2)"));
}

TEST_F(ChatRetryTest, RetryAfterMsWinsOverRetryAfter) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(recorded(Refuse(429, {{"retry-after-ms", "1500"}, {"Retry-After", "2"}})))
      .WillOnce(recorded(Reply(200, {kAnswer})));
  ChatSession chat(http, provider, options, policy());
  EXPECT_FALSE(chat.stream_response("hi").get().error);
  EXPECT_THAT(delays, ElementsAre(0ms, 1500ms));
}

TEST_F(ChatRetryTest, RetryAfterMayBeAnHttpDate) {
  const std::time_t in_20_s = std::time(nullptr) + 20;
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&in_20_s));
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(recorded(Refuse(503, {{"Retry-After", date}})))
      .WillOnce(recorded(Reply(200, {kAnswer})));
  ChatSession chat(http, provider, options, policy());
  EXPECT_FALSE(chat.stream_response("hi").get().error);
  ASSERT_EQ(delays.size(), 2u);
  // The date has whole seconds and the clock moved on a little since it was written.
  EXPECT_GE(delays[1], 15s);
  EXPECT_LE(delays[1], 20s);
}

TEST_F(ChatRetryTest, AWaitBeyondTheCapIsNotTakenAndTheErrorSaysWhenToTryAgain) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Refuse(429, {{"Retry-After", "120"}}, "message=quota exceeded"));
  ChatSession chat(http, provider, options, policy());
  TurnResult result = chat.stream_response("hi").get();
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_EQ(result.error.message,
            "Server responded with an error. Status Code: 429: quota exceeded (retry after 120 s)");
  EXPECT_TRUE(notices.empty());
}

TEST_F(ChatRetryTest, TheCapIsThePolicys) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(recorded(Refuse(503, {{"Retry-After", "120"}})))
      .WillOnce(recorded(Reply(200, {kAnswer})));
  RetryPolicy patient = policy();
  patient.max_server_wait = std::chrono::minutes(5);
  ChatSession chat(http, provider, options, patient);
  EXPECT_FALSE(chat.stream_response("hi").get().error);
  EXPECT_THAT(delays, ElementsAre(0ms, 120s));
}

TEST_F(ChatRetryTest, GivesUpAfterTheLastRetryWithTheLastError) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(500, {"message=first"}))
      .WillOnce(Reply(502, {"message=second"}))
      .WillOnce(Refuse(503, {{"Retry-After", "7"}}, "message=third"));
  ChatSession chat(http, provider, options, policy());
  TurnResult result = chat.stream_response("hi").get();
  EXPECT_EQ(result.error.message,
            "Server responded with an error. Status Code: 503: third (retry after 7 s)");
  EXPECT_EQ(notices.size(), 2u);
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "hi", "", false}));
}

TEST_F(ChatRetryTest, AFailedConnectionIsRetried) {
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(FailToConnect()).WillOnce(Reply(200, {kAnswer}));
  ChatSession chat(http, provider, options, policy());
  EXPECT_FALSE(chat.stream_response("hi").get().error);
  EXPECT_THAT(messages(), ElementsAre("could not connect to fake; retrying in 500 ms (1/2)"));
  EXPECT_EQ(notices[0].status, 0);
}

TEST_F(ChatRetryTest, AConnectionThatFailedAfterTheRequestLeftIsNotRetried) {
  // The server may have answered, and billed, a request it received: only a connection that
  // was never made is safe to try again.
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(FailWith(ErrorCode::network,
                         "the server at 127.0.0.1 closed the connection without answering"));
  ChatSession chat(http, provider, options, policy());
  EXPECT_EQ(chat.stream_response("hi").get().error.code, ErrorCode::network);
  EXPECT_TRUE(notices.empty());
}

TEST_F(ChatRetryTest, StatusesThatMeanNotSoAreNotRetried) {
  for (int status : {400, 401, 403, 404, 422}) {
    EXPECT_CALL(*http, post(_, _, _)).WillOnce(Reply(status, {"message=no"}));
    ChatSession chat(http, provider, options, policy());
    EXPECT_EQ(chat.stream_response("hi").get().error.http_status, status);
    ::testing::Mock::VerifyAndClearExpectations(http.get());
  }
  EXPECT_TRUE(notices.empty());
}

TEST_F(ChatRetryTest, NeverRetriesOnceAnswerBytesArrived) {
  // The answer had begun when the connection dropped: sending again would print it twice.
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce([](const HttpRequest&, BodyCallback on_body, CompletionCallback on_done) {
        on_body("data: Hel\n\n");
        HttpResult result;
        result.status = 200;
        result.error = Error(ErrorCode::network, "closed before the response ended");
        result.connect_failed = true;  // Even if a session said so, bytes came: no retry.
        on_done(result);
        return PendingResponse::ready(result);
      });
  ChatSession chat(http, provider, options, policy());
  testing::CollectedDeltas seen;
  TurnResult result = chat.stream_response("hi", seen.callback()).get();
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(seen.pieces, ElementsAre("Hel"));
  EXPECT_TRUE(notices.empty());
  EXPECT_EQ(chat.history().back(), (Message{Role::assistant, "Hel", "", true}));
}

TEST_F(ChatRetryTest, ZeroRetriesMeansOneAttempt) {
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(Reply(503, {"message=down"}));
  ChatSession chat(http, provider, options, policy(0));
  EXPECT_EQ(chat.stream_response("hi").get().error.http_status, 503);
  EXPECT_TRUE(notices.empty());
}

TEST_F(ChatRetryTest, TheBackoffDoublesWithJitterUpToItsCap) {
  for (double random : {0.0, 0.999}) {
    delays.clear();
    EXPECT_CALL(*http, post(_, _, _))
        .Times(6)
        .WillRepeatedly(recorded(Reply(503, {"message=down"})));
    ChatSession chat(http, provider, options, policy(5, random));
    chat.stream_response("hi").get();
    if (random == 0.0) {  // 0.8 of 500 ms, 1 s, 2 s, 4 s, 8 s.
      EXPECT_THAT(delays, ElementsAre(0ms, 400ms, 800ms, 1600ms, 3200ms, 6400ms));
    } else {  // 1.2 of each, the last held to 8 s.
      EXPECT_THAT(delays, ElementsAre(0ms, 600ms, 1200ms, 2399ms, 4798ms, 8000ms));
    }
    ::testing::Mock::VerifyAndClearExpectations(http.get());
  }
}

TEST_F(ChatRetryTest, WithoutARandomSourceTheJitterStaysInItsRange) {
  EXPECT_CALL(*http, post(_, _, _)).Times(3).WillRepeatedly(recorded(Reply(503, {"message=down"})));
  RetryPolicy random_jitter;  // The library's own policy: no random source given.
  ChatSession chat(http, provider, options, random_jitter);
  chat.stream_response("hi").get();
  ASSERT_EQ(delays.size(), 3u);
  EXPECT_GE(delays[1], 400ms);
  EXPECT_LE(delays[1], 600ms);
  EXPECT_GE(delays[2], 800ms);
  EXPECT_LE(delays[2], 1200ms);
}

TEST_F(ChatRetryTest, CancelDuringAWaitEndsTheTurnAtOnce) {
  HeldTransfer waiting;  // The retry, held by the session until its delay has passed.
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(503, {"message=down"}))
      .WillOnce(waiting.action());
  ChatSession chat(http, provider, options, policy());
  PendingReply reply = chat.stream_response("hi");
  EXPECT_EQ(waiting.request.start_delay, 500ms);
  reply.cancel();
  EXPECT_TRUE(waiting.cancelled);  // The session's wait is what cancel() stops.
  waiting.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 0, {}, {}, 0, false});
  ASSERT_EQ(reply.wait_for(0s), std::future_status::ready);
  EXPECT_EQ(reply.get().error.code, ErrorCode::cancelled);
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "hi", "", false}));
}

TEST_F(ChatRetryTest, CancelAfterTheRetryWasDecidedStillStopsIt) {
  HeldTransfer first;
  HeldTransfer retry;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(first.action()).WillOnce(retry.action());
  PendingReply reply;
  RetryPolicy cancelling = policy();
  // The notice runs after the retry was decided and before its request goes out: a cancel
  // landing there must still reach the new request.
  cancelling.on_retry = [&](const RetryNotice&) { reply.cancel(); };
  ChatSession chat(http, provider, options, cancelling);
  reply = chat.stream_response("hi");
  first.end(HttpResult{{}, 503, {}, "message=down", 12, false});
  EXPECT_TRUE(retry.cancelled);
  retry.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 0, {}, {}, 0, false});
  EXPECT_EQ(reply.get().error.code, ErrorCode::cancelled);
}

TEST_F(ChatRetryTest, ClearDuringAWaitCancelsTheRetryAndWaitsForIt) {
  HeldTransfer waiting;
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(429, {"message=slow down"}))
      .WillOnce(waiting.action());
  ChatSession chat(http, provider, options, policy());
  std::atomic<bool> done_ran{false};
  PendingReply reply = chat.stream_response("hi", {}, [&](const TurnResult&) { done_ran = true; });
  std::thread http_thread([&] {
    while (!waiting.cancelled) std::this_thread::yield();
    waiting.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 0, {}, {}, 0, false});
  });
  chat.clear();  // returns only once the waiting retry's callbacks are over
  EXPECT_TRUE(done_ran);
  http_thread.join();
  EXPECT_TRUE(chat.history().empty());
  EXPECT_EQ(reply.get().error.code, ErrorCode::cancelled);
}

TEST_F(ChatRetryTest, DestructorDuringAWaitCancelsTheRetry) {
  HeldTransfer waiting;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(FailToConnect()).WillOnce(waiting.action());
  PendingReply reply;
  std::thread http_thread;
  {
    ChatSession chat(http, provider, options, policy());
    reply = chat.stream_response("hi");
    http_thread = std::thread([&] {
      while (!waiting.cancelled) std::this_thread::yield();
      waiting.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 0, {}, {}, 0, false});
    });
  }
  http_thread.join();
  EXPECT_EQ(reply.get().error.code, ErrorCode::cancelled);
}

TEST_F(ChatRetryTest, TheNoticeNeverCarriesTheKey) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(503, {"message=bad key sk-retry-secret"}))
      .WillOnce(Reply(200, {kAnswer}));
  ChatSession chat(http, provider, options, policy());
  chat.stream_response("hi").get();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_THAT(notices[0].message(), ::testing::Not(HasSubstr("sk-retry-secret")));
}

}  // namespace
}  // namespace tinychat
