#include "tinychat/curl_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http_test_support.h"
#include "support/loopback_server.h"
#include "support/test_data.h"
#include "tinychat/version.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using testing::expect_transfers_run_together;
using testing::Framing;
using testing::Gate;
using testing::get_within;
using ::testing::HasSubstr;
using testing::kPatience;
using testing::LoopbackServer;
using ::testing::Not;
using testing::Pieces;
using testing::post_to;
using testing::read_test_data;
using testing::Reply;
using Clock = std::chrono::steady_clock;

// A port on 127.0.0.1 where nothing listens: bound, then released.
std::uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), size), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// A listener on 127.0.0.1 whose accept queue is full (never accepted), so that a further
// connection attempt gets no answer to its SYN: a connect timeout without leaving the machine.
class FullListener {
 public:
  FullListener() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), size), 0);
    EXPECT_EQ(::listen(listener_, 0), 0);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    for (int i = 0; i < 3; ++i) {  // Backlog 0 still admits one; fill it with margin.
      const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      ::connect(filler, reinterpret_cast<sockaddr*>(&address), size);
      fillers_.push_back(filler);
    }
  }
  ~FullListener() {
    for (int fd : fillers_) ::close(fd);
    ::close(listener_);
  }
  std::uint16_t port() const { return port_; }

 private:
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::vector<int> fillers_;
};

TEST(CurlSession, StreamsBodyPiecesBeforeTheResponseEnds) {
  LoopbackServer server;
  Gate second, third;
  server.enqueue(Reply::stream({"one ", "two ", "three"})
                     .with_gate_before(1, second)
                     .with_gate_before(2, third));
  CurlSession session;
  Pieces pieces;
  std::atomic<bool> second_was_held{false};
  auto pending = session.post(post_to(server.url("/v1/stream")), pieces.callback([&](auto index) {
    if (index == 0) {
      second_was_held = !second.is_open();  // The server cannot have sent piece 2 yet.
      second.open();
    }
    if (index == 1) third.open();
    return true;
  }),
                              {});
  const HttpResult result = get_within(pending);
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.status, 200);
  EXPECT_TRUE(second_was_held);
  EXPECT_THAT(pieces.all(), ::testing::ElementsAre("one ", "two ", "three"));
  EXPECT_EQ(result.body, "");
  EXPECT_EQ(result.body_bytes, 13u);
  EXPECT_EQ(result.header("content-type"), "text/event-stream");
}

TEST(CurlSession, ChunksThatArriveInOnePassAreDeliveredAsOnePieceInOrder) {
  // 300 HTTP chunks, one event each, written with one send(): libcurl decodes them in one read
  // and calls back per chunk; the session hands the receiver one piece per pass of its loop.
  std::string events;
  std::string wire;
  for (int i = 0; i < 300; ++i) {
    const std::string event = "data: " + std::to_string(i) + "\n\n";
    events += event;
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", event.size());
    wire += size + event + "\r\n";
  }
  wire += "0\r\n\r\n";
  LoopbackServer server;
  // The chunked framing is written by hand, so that all of it leaves in one piece.
  server.enqueue(Reply::stream({wire})
                     .with_framing(Framing::close)
                     .with_header("Transfer-Encoding", "chunked"));
  CurlSession session;
  Pieces pieces;
  auto pending = session.post(post_to(server.url("/v1/stream")), pieces.callback(), {});
  const HttpResult result = get_within(pending);
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(pieces.all(), ::testing::ElementsAre(events));
  EXPECT_EQ(result.body_bytes, events.size());
}

TEST(CurlSession, StoppingInTheMiddleOfAPassEndsTheTransferWithTheReceiversReason) {
  std::string wire;
  for (int i = 0; i < 50; ++i) wire += "2\r\nab\r\n";
  wire += "0\r\n\r\n";
  LoopbackServer server;
  server.enqueue(Reply::stream({wire})
                     .with_framing(Framing::close)
                     .with_header("Transfer-Encoding", "chunked"));
  CurlSession session;
  std::atomic<int> calls{0};
  auto pending = session.post(post_to(server.url("/")),
                              [&](std::string_view) {
                                ++calls;
                                return false;
                              },
                              {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::cancelled);
  EXPECT_THAT(result.error.message, HasSubstr("stopped by the receiver"));
  EXPECT_EQ(calls.load(), 1);
}

TEST(CurlSession, SendsMethodHeadersAndBodyToTheServer) {
  LoopbackServer server;
  server.enqueue(Reply::json(200, "{}"));
  CurlSession session;
  HttpRequest request = post_to(server.url("/v1/chat/completions?alt=sse"), R"({"model":"m"})");
  request.headers.push_back({"Authorization", "Bearer k-123"});
  request.headers.push_back({"X-Empty", ""});
  auto pending = session.post(request, {}, {});
  EXPECT_FALSE(get_within(pending).error);
  ASSERT_TRUE(server.wait_for_requests(1));
  const auto received = server.request(0);
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.target, "/v1/chat/completions?alt=sse");
  EXPECT_EQ(received.body, R"({"model":"m"})");
  EXPECT_EQ(received.header("authorization"), "Bearer k-123");
  EXPECT_EQ(received.header("content-type"), "application/json");
  EXPECT_EQ(received.header("x-empty"), "");
  EXPECT_EQ(received.header("user-agent"), std::string("tinychat/") + kVersion);
  EXPECT_EQ(received.header("expect"), std::nullopt);         // No 100-continue round trip.
  EXPECT_EQ(received.header("accept-encoding"), "identity");  // Compression would buffer.
}

TEST(CurlSession, GetWithoutBodyCallbackCollectsTheBody) {
  LoopbackServer server;
  server.enqueue(Reply::stream({"{\"data\":", "[1,2]}"}, "application/json"));
  CurlSessionOptions options;
  options.user_agent = "custom/1";
  CurlSession session(options);
  HttpRequest request;
  request.method = "GET";
  request.url = server.url("/v1/models");
  auto pending = session.post(request, {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(result.body, "{\"data\":[1,2]}");
  EXPECT_EQ(result.body_bytes, 14u);
  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_EQ(server.request(0).method, "GET");
  EXPECT_EQ(server.request(0).body, "");
  EXPECT_EQ(server.request(0).header("user-agent"), "custom/1");
}

TEST(CurlSession, RunsEightTransfersAtOnceEachWithItsOwnBody) {
  constexpr int kTransfers = 8;
  LoopbackServer server;
  CurlSession session;
  expect_transfers_run_together(server, session, kTransfers);
  EXPECT_EQ(server.connection_count(), static_cast<std::size_t>(kTransfers));
}

TEST(CurlSession, PlainHttpTransfersStartedAtOnceDoNotWaitForTheFirstResponse) {
  // HTTP/2 is only ever negotiated over TLS, so a second plain-HTTP transfer to the same host
  // has nothing to wait for: it must open its own connection at once, not sit until the first
  // one's status line shows it will not multiplex (what CURLOPT_PIPEWAIT would make it do).
  LoopbackServer server;
  server.set_fallback(Reply::json(200, "{}").with_head_delay(10s));
  CurlSession session;
  auto first = session.post(post_to(server.url("/a")), {}, {});
  auto second = session.post(post_to(server.url("/b")), {}, {});
  EXPECT_TRUE(server.wait_for_requests(2, 2s)) << "the second request waited for the first";
  EXPECT_EQ(server.connection_count(), 2u);
  first.cancel();
  second.cancel();
  EXPECT_EQ(get_within(first).error.code, ErrorCode::cancelled);
  EXPECT_EQ(get_within(second).error.code, ErrorCode::cancelled);
}

TEST(CurlSession, CancelMidStreamEndsPromptlyAndKeepsWhatArrived) {
  LoopbackServer server;
  Gate never;  // The server would hold the second piece for gate_timeout (5 s).
  server.enqueue(Reply::stream({"first", "second"}).with_gate_before(1, never));
  CurlSession session;
  Pieces pieces;
  std::promise<void> first_piece;
  auto pending = session.post(post_to(server.url("/")), pieces.callback([&](std::size_t index) {
    if (index == 0) first_piece.set_value();
    return true;
  }),
                              {});
  ASSERT_EQ(first_piece.get_future().wait_for(kPatience), std::future_status::ready);
  const auto cancelled_at = Clock::now();
  pending.cancel();
  pending.cancel();  // Twice is harmless.
  const HttpResult result = get_within(pending, 2s);
  EXPECT_LT(Clock::now() - cancelled_at, 1s);
  EXPECT_EQ(result.error.code, ErrorCode::cancelled);
  EXPECT_EQ(result.error.message, "cancelled");
  EXPECT_EQ(result.status, 200);
  EXPECT_THAT(pieces.all(), ::testing::ElementsAre("first"));
  EXPECT_EQ(result.body_bytes, 5u);
  never.open();
}

TEST(CurlSession, CancelRightAfterPostEndsCancelled) {
  LoopbackServer server;
  server.set_fallback(Reply::json(200, "{}").with_head_delay(2s));
  CurlSession session;
  std::atomic<int> done_calls{0};
  auto pending =
      session.post(post_to(server.url("/")), {}, [&](const HttpResult&) { ++done_calls; });
  pending.cancel();
  const HttpResult result = get_within(pending, 1s);
  EXPECT_EQ(result.error.code, ErrorCode::cancelled);
  EXPECT_EQ(done_calls, 1);
}

TEST(CurlSession, PostsFromSeveralThreadsAtOnce) {
  constexpr int kThreads = 4;
  constexpr int kEach = 4;
  LoopbackServer server;
  server.set_fallback(Reply::stream({"x", "y"}));
  CurlSession session;
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<PendingResponse> pending;
      for (int i = 0; i < kEach; ++i)
        pending.push_back(session.post(post_to(server.url("/")), {}, {}));
      for (auto& p : pending) {
        const HttpResult result = get_within(p);
        if (result.is_success() && result.body == "xy") ++successes;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(successes, kThreads * kEach);
  EXPECT_EQ(server.request_count(), static_cast<std::size_t>(kThreads * kEach));
}

TEST(CurlSession, BodyCallbackReturningFalseStopsTheTransfer) {
  LoopbackServer server;
  Gate never;
  server.enqueue(Reply::stream({"a", "b", "c"}).with_gate_before(1, never));
  CurlSession session;
  Pieces pieces;
  std::atomic<int> done_calls{0};
  auto pending =
      session.post(post_to(server.url("/")), pieces.callback([](std::size_t) { return false; }),
                   [&](const HttpResult&) { ++done_calls; });
  const HttpResult result = get_within(pending, 2s);
  EXPECT_EQ(result.error.code, ErrorCode::cancelled);
  EXPECT_EQ(result.error.message, "stopped by the receiver");
  EXPECT_THAT(pieces.all(), ::testing::ElementsAre("a"));
  EXPECT_EQ(done_calls, 1);
  never.open();
}

TEST(CurlSession, CollectsANon2xxBodyWithoutCallingTheBodyCallback) {
  LoopbackServer server;
  const std::string error_body = R"({"error":{"message":"Rate limit reached","type":"requests"}})";
  server.enqueue(Reply::json(429, error_body).with_header("Retry-After", "7"));
  CurlSession session;
  std::atomic<int> body_calls{0};
  auto pending = session.post(post_to(server.url("/")),
                              [&](std::string_view) {
                                ++body_calls;
                                return true;
                              },
                              {});
  const HttpResult result = get_within(pending);
  EXPECT_FALSE(result.error) << result.error.message;  // A status is not a transport error.
  EXPECT_FALSE(result.is_success());
  EXPECT_EQ(result.status, 429);
  EXPECT_EQ(result.body, error_body);
  EXPECT_EQ(result.header("retry-after"), "7");
  EXPECT_EQ(body_calls, 0);
}

TEST(CurlSession, BoundsTheCollectedBodyButCountsEveryByte) {
  LoopbackServer server;
  server.enqueue(Reply::stream({"0123456", "789ABC", "DEF"}));
  CurlSessionOptions options;
  options.max_collected_body = 10;
  CurlSession session(options);
  auto pending = session.post(post_to(server.url("/")), {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(result.body, "0123456789");
  EXPECT_EQ(result.body_bytes, 16u);
}

TEST(CurlSession, RefusedConnectionIsANetworkErrorWithoutSecrets) {
  CurlSession session;
  const std::string port = std::to_string(unused_port());
  HttpRequest request =
      post_to("http://127.0.0.1:" + port + "/v1beta/models/m:streamGenerateContent?key=AIza-query");
  request.headers.push_back({"Authorization", "Bearer sk-secret"});
  request.headers.push_back({"x-api-key", "sk-ant-other"});
  request.body = R"({"secret":"body-secret"})";
  auto pending = session.post(request, {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_EQ(result.status, 0);
  EXPECT_THAT(result.error.message, HasSubstr("could not connect to 127.0.0.1 port " + port));
  EXPECT_THAT(result.error.message, HasSubstr("Connection refused"));
  for (const char* secret : {"sk-secret", "sk-ant-other", "AIza-query", "body-secret", "key="}) {
    EXPECT_THAT(result.error.message, Not(HasSubstr(secret)));
  }
}

TEST(CurlSession, NoConnectionWithinTheConnectTimeoutIsATimeout) {
  FullListener listener;
  CurlSessionOptions options;
  options.connect_timeout = 300ms;
  options.idle_timeout = 100ms;  // Must not apply before the connection exists.
  CurlSession session(options);
  auto pending =
      session.post(post_to("http://127.0.0.1:" + std::to_string(listener.port()) + "/v1"), {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "no connection to 127.0.0.1 within 300 ms");
}

TEST(CurlSession, HttpsTransfersToAHostThatNeverAnswersTimeOutTogether) {
  // Each of these https transfers waits (PIPEWAIT) for the first one's connection to learn
  // whether it may share it; when that connection never comes, they must still give up within
  // their own connect timeout, not one timeout after another.
  constexpr int kTransfers = 3;
  FullListener listener;
  CurlSessionOptions options;
  options.connect_timeout = 400ms;
  CurlSession session(options);
  const auto start = Clock::now();
  std::vector<PendingResponse> pending;
  for (int i = 0; i < kTransfers; ++i) {
    pending.push_back(session.post(
        post_to("https://127.0.0.1:" + std::to_string(listener.port()) + "/v1"), {}, {}));
  }
  for (auto& one : pending) {
    const HttpResult result = get_within(one);
    EXPECT_EQ(result.error.code, ErrorCode::timeout);
    EXPECT_EQ(result.error.message, "no connection to 127.0.0.1 within 400 ms");
    EXPECT_TRUE(result.connect_failed);  // The request never left: a retry may send it.
  }
  EXPECT_LT(Clock::now() - start, 1000ms);  // One after another: 1,200 ms at least.
}

TEST(CurlSession, ConnectionDroppedMidChunkedBodyIsANetworkError) {
  LoopbackServer server;
  server.enqueue(Reply::stream({"data: 1\n\n", "data: 2\n\n", "data: 3\n\n"}).with_drop_after(1));
  CurlSession session;
  Pieces pieces;
  auto pending = session.post(post_to(server.url("/")), pieces.callback(), {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(result.error.message,
              HasSubstr("connection to 127.0.0.1 closed before the response ended"));
  EXPECT_EQ(pieces.joined(), "data: 1\n\n");
}

TEST(CurlSession, ConnectionDroppedShortOfContentLengthIsANetworkError) {
  LoopbackServer server;
  server.enqueue(
      Reply::stream({"abc", "def"}).with_framing(Framing::content_length).with_drop_after(1));
  CurlSession session;
  auto pending = session.post(post_to(server.url("/")), {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(result.error.message, HasSubstr("closed before the response ended"));
  EXPECT_EQ(result.body, "abc");
}

TEST(CurlSession, ConnectionResetBeforeAnyResponseIsANetworkError) {
  LoopbackServer server;
  server.enqueue(Reply::no_answer());
  CurlSession session;
  auto pending = session.post(post_to(server.url("/")), {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_EQ(result.status, 0);
  EXPECT_THAT(result.error.message, HasSubstr("127.0.0.1"));
}

TEST(CurlSession, CloseDelimitedBodyEndsCleanly) {
  LoopbackServer server;
  server.enqueue(Reply::stream({"x", "y"}).with_framing(Framing::close));
  CurlSession session;
  Pieces pieces;
  auto pending = session.post(post_to(server.url("/")), pieces.callback(), {});
  EXPECT_TRUE(get_within(pending).is_success());
  EXPECT_EQ(pieces.joined(), "xy");
}

TEST(CurlSession, SilenceLongerThanTheIdleTimeoutIsATimeout) {
  LoopbackServer server;
  server.enqueue(Reply::stream({"a", "b"}).with_stall_before(1, 3s));
  CurlSessionOptions options;
  options.idle_timeout = 200ms;
  CurlSession session(options);
  Pieces pieces;
  const auto start = Clock::now();
  auto pending = session.post(post_to(server.url("/")), pieces.callback(), {});
  const HttpResult result = get_within(pending);
  EXPECT_LT(Clock::now() - start, 2s);  // Ended by the client, long before the server's stall.
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "no data received from 127.0.0.1 for 200 ms");
  EXPECT_EQ(pieces.joined(), "a");
}

TEST(CurlSession, IdleTimeoutAlsoCoversTheWaitForTheStatusLine) {
  LoopbackServer server;
  server.enqueue(Reply::json(200, "{}").with_head_delay(3s));
  CurlSessionOptions options;
  options.idle_timeout = 150ms;
  CurlSession session(options);
  auto pending = session.post(post_to(server.url("/")), {}, {});
  const HttpResult result = get_within(pending, 2s);
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.status, 0);
}

TEST(CurlSession, OnDoneRunsBeforeTheFutureIsReady) {
  LoopbackServer server;
  server.enqueue(Reply::json(200, "{}"));
  CurlSession session;
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> calls{0};
  int seen_status = 0;
  auto pending = session.post(post_to(server.url("/")), {}, [&](const HttpResult& result) {
    ++calls;
    seen_status = result.status;
    entered.set_value();
    released.wait_for(kPatience);
  });
  ASSERT_EQ(entered.get_future().wait_for(kPatience), std::future_status::ready);
  EXPECT_EQ(pending.wait_for(0ms), std::future_status::timeout);
  release.set_value();
  const HttpResult result = get_within(pending);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen_status, 200);
  EXPECT_EQ(result.status, 200);
}

TEST(CurlSession, DestructorCancelsTransfersInFlight) {
  LoopbackServer server;
  Gate never;
  server.route("/", Reply::stream({"a", "b"}).with_gate_before(1, never));  // /other: 404.
  auto session = std::make_unique<CurlSession>();
  std::promise<void> first_piece;
  std::atomic<int> done_calls{0};
  ErrorCode done_code = ErrorCode::ok;
  auto pending = session->post(
      post_to(server.url("/")),
      [&](std::string_view) {
        first_piece.set_value();
        return true;
      },
      [&](const HttpResult& result) {
        ++done_calls;
        done_code = result.error.code;
      });
  auto not_started = session->post(post_to(server.url("/other")), {}, {});
  ASSERT_EQ(first_piece.get_future().wait_for(kPatience), std::future_status::ready);
  const auto start = Clock::now();
  session.reset();
  EXPECT_LT(Clock::now() - start, 1s);
  ASSERT_EQ(pending.wait_for(0ms), std::future_status::ready);
  EXPECT_EQ(pending.get().error.code, ErrorCode::cancelled);
  EXPECT_EQ(done_calls, 1);
  EXPECT_EQ(done_code, ErrorCode::cancelled);
  ASSERT_EQ(not_started.wait_for(0ms), std::future_status::ready);
  const HttpResult other = not_started.get();  // Cancelled, unless it was quick enough.
  EXPECT_TRUE(other.error.code == ErrorCode::cancelled || other.status == 404);
  never.open();
}

TEST(CurlSession, CancelAfterTheEndOrAfterTheSessionIsGoneIsHarmless) {
  LoopbackServer server;
  server.enqueue(Reply::json(200, "{}"));
  auto session = std::make_unique<CurlSession>();
  auto pending = session->post(post_to(server.url("/")), {}, {});
  std::function<void()> cancel = [&pending] { pending.cancel(); };
  ASSERT_EQ(pending.wait_for(kPatience), std::future_status::ready);
  cancel();  // After completion.
  session.reset();
  cancel();  // After the session is gone.
  cancel();
  EXPECT_TRUE(pending.get().is_success());
}

TEST(CurlSession, HeadersAreThoseOfTheFinalResponse) {
  LoopbackServer server;
  server.enqueue(Reply::json(200, "{}")
                     .with_informational(103, {{"Link", "</a.css>; rel=preload"}})
                     .with_header("X-Final", "yes"));
  CurlSession session;
  HttpRequest request = post_to(server.url("/"));
  request.headers.push_back({"Expect", "100-continue"});  // The server answers 100 first.
  auto pending = session.post(request, {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(result.header("x-final"), "yes");
  EXPECT_EQ(result.header("link"), std::nullopt);
}

TEST(CurlSession, DoesNotFollowRedirects) {
  LoopbackServer server;
  server.route("/old", Reply::text(307, "moved").with_header("Location", "/new"));
  server.route("/new", Reply::json(200, "{}"));
  CurlSession session;
  auto pending = session.post(post_to(server.url("/old")), {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.status, 307);
  EXPECT_EQ(result.body, "moved");
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(CurlSession, ReusesTheConnectionForTheNextRequest) {
  LoopbackServer server;
  server.set_fallback(Reply::json(200, "{}"));
  CurlSession session;
  for (int i = 0; i < 3; ++i) {
    auto pending = session.post(post_to(server.url("/")), {}, {});
    EXPECT_TRUE(get_within(pending).is_success());
  }
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(server.connection_count(), 1u);
}

TEST(CurlSession, ThrowingCallbackEndsOnlyItsOwnTransfer) {
  LoopbackServer server;
  server.set_fallback(Reply::stream({"a", "b"}));
  CurlSession session;
  auto failing = session.post(
      post_to(server.url("/")), [](std::string_view) -> bool { throw std::runtime_error("boom"); },
      [](const HttpResult&) { throw std::runtime_error("also boom"); });
  const HttpResult failed = get_within(failing);
  EXPECT_EQ(failed.error.code, ErrorCode::cancelled);
  EXPECT_THAT(failed.error.message, HasSubstr("boom"));
  Pieces pieces;
  auto next = session.post(post_to(server.url("/")), pieces.callback(), {});
  EXPECT_TRUE(get_within(next).is_success());
  EXPECT_EQ(pieces.joined(), "ab");
}

TEST(CurlSession, ReplaysAStreamCutIntoTinyPieces) {
  const std::string stream = "data: {\"text\":\"héllo wörld ✓ 🙂\"}\n\ndata: [DONE]\n\n";
  LoopbackServer server;
  server.enqueue(Reply::replay(stream, 3).with_pause(0ms));
  CurlSession session;
  Pieces pieces;
  auto pending = session.post(post_to(server.url("/")), pieces.callback(), {});
  EXPECT_TRUE(get_within(pending).is_success());
  EXPECT_EQ(pieces.joined(), stream);
}

TEST(CurlSession, UnusableUrlEndsThroughTheLoop) {
  CurlSession session;
  std::atomic<int> done_calls{0};
  HttpRequest request = post_to("ftp://example.com/x?key=secret-in-query");
  auto pending = session.post(request, {}, [&](const HttpResult&) { ++done_calls; });
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(result.error.message, Not(HasSubstr("secret-in-query")));
  EXPECT_EQ(done_calls, 1);
}

TEST(CurlSession, ADelayedRequestIsSentOnlyAfterItsDelay) {
  LoopbackServer server;
  server.enqueue(Reply::json(200, "{}"));
  CurlSession session;
  HttpRequest request = post_to(server.url("/"));
  request.start_delay = 300ms;
  const auto posted_at = Clock::now();
  auto pending = session.post(request, {}, {});
  EXPECT_TRUE(get_within(pending).is_success());
  EXPECT_GE(Clock::now() - posted_at, 300ms);  // A lower bound only: it cannot end sooner.
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(CurlSession, CancelDuringTheStartDelayEndsAtOnceAndSendsNothing) {
  LoopbackServer server;
  server.set_fallback(Reply::json(200, "{}"));
  CurlSession session;
  HttpRequest request = post_to(server.url("/"));
  request.start_delay = 30s;
  std::atomic<int> done_calls{0};
  auto pending = session.post(request, {}, [&](const HttpResult&) { ++done_calls; });
  // Another transfer runs meanwhile: the waiting one holds nothing up.
  auto other = session.post(post_to(server.url("/")), {}, {});
  EXPECT_TRUE(get_within(other).is_success());
  pending.cancel();
  const HttpResult result = get_within(pending, 2s);  // Far short of the 30 s wait.
  EXPECT_EQ(result.error.code, ErrorCode::cancelled);
  EXPECT_EQ(done_calls, 1);
  EXPECT_EQ(server.request_count(), 1u);  // Only the other one.
}

TEST(CurlSession, DestructorEndsATransferStillWaitingToStart) {
  auto session = std::make_unique<CurlSession>();
  HttpRequest request = post_to("http://127.0.0.1:9/");
  request.start_delay = 30s;
  auto pending = session->post(request, {}, {});
  session.reset();
  ASSERT_EQ(pending.wait_for(0ms), std::future_status::ready);
  EXPECT_EQ(pending.get().error.code, ErrorCode::cancelled);
}

TEST(CurlSession, ConnectFailedOnlyWhenTheRequestNeverLeft) {
  CurlSession session;
  auto refused = session.post(post_to("http://127.0.0.1:" + std::to_string(unused_port())), {}, {});
  EXPECT_TRUE(get_within(refused).connect_failed);

  FullListener listener;
  CurlSessionOptions options;
  options.connect_timeout = 200ms;
  CurlSession impatient(options);
  auto unanswered =
      impatient.post(post_to("http://127.0.0.1:" + std::to_string(listener.port())), {}, {});
  const HttpResult timed_out = get_within(unanswered);
  EXPECT_EQ(timed_out.error.code, ErrorCode::timeout);
  EXPECT_TRUE(timed_out.connect_failed);

  LoopbackServer server;
  server.enqueue(Reply::no_answer());  // Connected, request sent, then closed.
  server.enqueue(Reply::stream({"a", "b"}).with_drop_after(1));
  server.enqueue(Reply::json(503, "{}"));
  for (int i = 0; i < 3; ++i) {
    auto pending = session.post(post_to(server.url("/")), {}, {});
    EXPECT_FALSE(get_within(pending).connect_failed) << i;
  }
}

// A stream that goes on far longer than any limit a test sets: `count` pieces, `pause` apart.
Reply endless(std::string piece, int count, std::chrono::milliseconds pause) {
  return Reply::stream(std::vector<std::string>(count, std::move(piece))).with_pause(pause);
}

TEST(CurlSession, MaxTimeEndsAReplyThatKeepsStreamingPastIt) {
  LoopbackServer server;
  server.enqueue(endless("data: x\n\n", 40, 100ms));  // 4 s
  CurlSessionOptions options;
  options.max_time = 500ms;
  CurlSession session(options);
  Pieces pieces;
  const auto start = Clock::now();
  auto pending = session.post(post_to(server.url("/")), pieces.callback(), {});
  const HttpResult result = get_within(pending);
  EXPECT_LT(Clock::now() - start, 3s);  // Ended by the client, well before the stream's end.
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "no complete answer from 127.0.0.1 within 500 ms");
  EXPECT_FALSE(pieces.all().empty());
}

TEST(CurlSession, MaxTimeCountsFromTheStartNotFromTheWaitBeforeIt) {
  LoopbackServer server;
  server.enqueue(Reply::json(200, "{}"));
  CurlSessionOptions options;
  options.max_time = 500ms;
  CurlSession session(options);
  HttpRequest request = post_to(server.url("/"));
  request.start_delay = 700ms;  // A retry's wait longer than the limit itself.
  auto pending = session.post(request, {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_TRUE(result.is_success()) << result.error.message;
}

TEST(CurlSession, PaddingDoesNotResetTheIdleTimeout) {
  LoopbackServer server;
  server.enqueue(endless(": keep-alive\n\n", 80, 50ms));  // 4 s of bytes, nothing in them
  CurlSessionOptions options;
  options.idle_timeout = 300ms;
  CurlSession session(options);
  std::atomic<int> pieces{0};
  const auto start = Clock::now();
  auto pending = session.post(post_to(server.url("/")),
                              [&](std::string_view) {
                                ++pieces;
                                return BodyVerdict::padding();
                              },
                              {});
  const HttpResult result = get_within(pending);
  EXPECT_LT(Clock::now() - start, 3s);
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "nothing but keep-alives received from 127.0.0.1 for 300 ms");
  EXPECT_GT(pieces, 1);
}

TEST(CurlSession, PiecesThatProgressKeepASlowStreamAlive) {
  LoopbackServer server;
  server.enqueue(endless("data: x\n\n", 12, 100ms));  // 1.1 s, twice the idle timeout
  CurlSessionOptions options;
  options.idle_timeout = 500ms;
  CurlSession session(options);
  Pieces pieces;
  auto pending = session.post(post_to(server.url("/")), pieces.callback(), {});
  const HttpResult result = get_within(pending);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(pieces.joined().size(), 12 * std::string("data: x\n\n").size());
}

}  // namespace
}  // namespace tinychat

namespace tinychat {
namespace {

// Sets an environment variable for one test and puts the old value back afterwards.
class ScopedVariable {
 public:
  ScopedVariable(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedVariable() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(CurlSession, GzipBodySentUnaskedIsDecoded) {
  // Used to reach the decoder compressed: "not a stream".
  LoopbackServer server;
  server.enqueue(
      Reply::replay(read_test_data("openai.sse.gz"), 7).with_header("Content-Encoding", "gzip"));
  CurlSession session;
  Pieces pieces;
  auto pending = session.post(post_to(server.url("/v1/chat/completions")), pieces.callback(), {});
  const HttpResult result = get_within(pending);
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(pieces.joined(), read_test_data("openai.sse"));
}

TEST(CurlSession, AsksForNoCompressionSoNoServerBuffersTheStream) {
  LoopbackServer server;
  server.enqueue(Reply::json(200, "{}"));
  CurlSession session;
  auto pending = session.post(post_to(server.url("/v1")), {}, {});
  get_within(pending);
  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_EQ(server.request(0).header("accept-encoding"), "identity");
}

TEST(CurlSession, ProxyThatRefusesIsNamedNotTheTarget) {
  // Used to say "could not connect to <target> port 80" when it was the proxy that refused.
  LoopbackServer target;
  const std::string proxy_port = std::to_string(unused_port());
  ScopedVariable proxy("http_proxy", "http://127.0.0.1:" + proxy_port);
  ScopedVariable no_proxy("no_proxy", "");
  CurlSession session;
  auto pending = session.post(post_to("http://api.example.invalid/v1"), {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(result.error.message, HasSubstr("proxy 127.0.0.1 port " + proxy_port));
  EXPECT_THAT(result.error.message, HasSubstr("(from http_proxy)"));
  EXPECT_THAT(result.error.message, HasSubstr("on the way to api.example.invalid"));
}

TEST(CurlSession, ErrorBodyEchoingTheKeyOrBasicCredentialsIsRedactedByTheTransport) {
  LoopbackServer server;
  server.enqueue(Reply::text(
      401,
      "you sent Bearer sk-transport-secret-1 and Basic dXNlcjpzZWNyZXQtcGFzcw== (secret-pass)"));
  CurlSession session;
  const std::string url = server.url("/v1");
  HttpRequest request = post_to("http://user:secret-pass@" + url.substr(7));
  request.headers.push_back({"Authorization", "Bearer sk-transport-secret-1"});
  auto pending = session.post(request, {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.status, 401);
  EXPECT_THAT(result.body, HasSubstr("you sent [redacted] and Basic [redacted]"));
  for (const char* secret : {"sk-transport-secret-1", "dXNlcjpzZWNyZXQtcGFzcw==", "secret-pass"})
    EXPECT_THAT(result.body, Not(HasSubstr(secret)));
}

}  // namespace
}  // namespace tinychat
