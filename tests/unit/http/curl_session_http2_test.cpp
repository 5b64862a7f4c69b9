// CurlSession against a TLS server on 127.0.0.1 that offers HTTP/2: streams to one host share
// one connection, each stream's reply runs on its own, and a fault of one stream looks to the
// caller as it does over HTTP/1.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "http_test_support.h"
#include "support/loopback_server.h"
#include "support/test_certificates.h"
#include "tinychat/curl_session.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using testing::expect_transfers_run_together;
using testing::Gate;
using testing::get_within;
using ::testing::HasSubstr;
using testing::kPatience;
using testing::LoopbackServer;
using testing::Pieces;
using testing::post_to;
using testing::Reply;
using testing::TestCertificates;

// What happened, in order, across the curl thread's callbacks.
class Log {
 public:
  void add(std::string entry) {
    std::lock_guard lock(mutex_);
    entries_.push_back(std::move(entry));
  }
  std::vector<std::string> entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> entries_;
};

class CurlSessionHttp2 : public ::testing::Test {
 protected:
  CurlSessionOptions trusting() const {
    CurlSessionOptions options;
    options.ca_file = certificates.ca_file();
    return options;
  }
  // Every request the server received came over HTTP/2.
  void expect_all_http2() const {
    for (const auto& request : server.requests()) EXPECT_EQ(request.version, "HTTP/2");
  }

  TestCertificates certificates;
  LoopbackServer server = LoopbackServer::http2(certificates.server_identity());
};

TEST_F(CurlSessionHttp2, StreamsTheReplyPieceByPieceAndSendsTheWholeRequest) {
  Gate second, third;
  server.enqueue(Reply::stream({"data: one\n\n", "data: two\n\n", "data: three\n\n"})
                     .with_gate_before(1, second)
                     .with_gate_before(2, third));
  CurlSession session(trusting());
  HttpRequest request = post_to(server.url("/v1/chat/completions?alt=sse"), R"({"model":"m"})");
  request.headers.push_back({"Authorization", "Bearer k-123"});
  Pieces pieces;
  std::atomic<bool> second_was_held{false};
  auto pending = session.post(request, pieces.callback([&](std::size_t index) {
    if (index == 0) {
      second_was_held = !second.is_open();  // The server cannot have sent piece 2 yet.
      second.open();
    }
    if (index == 1) third.open();
  }),
                              {});
  const HttpResult result = get_within(pending);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(result.status, 200);
  EXPECT_TRUE(second_was_held);
  EXPECT_THAT(pieces.all(), ElementsAre("data: one\n\n", "data: two\n\n", "data: three\n\n"));
  EXPECT_EQ(result.header("content-type"), "text/event-stream");
  ASSERT_TRUE(server.wait_for_requests(1));
  const auto received = server.request(0);
  EXPECT_EQ(received.version, "HTTP/2");  // ALPN agreed on h2: not HTTP/1.1 over TLS.
  EXPECT_EQ(received.method, "POST");
  EXPECT_EQ(received.target, "/v1/chat/completions?alt=sse");
  EXPECT_EQ(received.header("authorization"), "Bearer k-123");
  EXPECT_EQ(received.header("content-type"), "application/json");
  EXPECT_EQ(received.body, R"({"model":"m"})");
}

TEST_F(CurlSessionHttp2, TwoTransfersStartedAtOnceShareOneConnectionAndInterleave) {
  // A's second piece waits until B has ended, and B begins only once A has its first piece:
  // both can end only if B's whole reply travels while A's stream is open, on the same
  // connection, without A's gate holding it back.
  Gate b_may_start, a_may_end;
  server.route("/a", Reply::stream({"a0", "a1"}).with_gate_before(1, a_may_end));
  server.route("/b", Reply::stream({"b0", "b1"}).with_gate_before(0, b_may_start));
  CurlSession session(trusting());
  Log log;
  Pieces a, b;
  auto pending_a = session.post(post_to(server.url("/a")), a.callback([&](std::size_t index) {
    if (index == 0) {
      log.add("a started");
      b_may_start.open();
    }
  }),
                                [&](const HttpResult&) { log.add("a done"); });
  auto pending_b = session.post(post_to(server.url("/b")), b.callback(), [&](const HttpResult&) {
    log.add("b done");
    a_may_end.open();
  });
  const HttpResult result_a = get_within(pending_a);
  const HttpResult result_b = get_within(pending_b);
  EXPECT_TRUE(result_a.is_success()) << result_a.error.message;
  EXPECT_TRUE(result_b.is_success()) << result_b.error.message;
  EXPECT_EQ(a.joined(), "a0a1");
  EXPECT_EQ(b.joined(), "b0b1");
  EXPECT_THAT(log.entries(), ElementsAre("a started", "b done", "a done"));
  EXPECT_EQ(server.connection_count(), 1u);
  expect_all_http2();
}

TEST_F(CurlSessionHttp2, FiveTransfersStartedAtOnceRunTogetherOnOneConnection) {
  constexpr int kTransfers = 5;
  CurlSession session(trusting());
  expect_transfers_run_together(server, session, kTransfers);
  EXPECT_EQ(server.connection_count(), 1u);
  EXPECT_EQ(server.request_count(), static_cast<std::size_t>(kTransfers));
  expect_all_http2();
}

TEST_F(CurlSessionHttp2, ALaterRequestReusesTheConnection) {
  server.set_fallback(Reply::stream({"data: x\n\n"}));
  CurlSession session(trusting());
  for (int i = 0; i < 3; ++i) {
    Pieces pieces;
    auto pending = session.post(post_to(server.url("/v1/chat")), pieces.callback(), {});
    const HttpResult result = get_within(pending);
    EXPECT_TRUE(result.is_success()) << result.error.message;
    EXPECT_EQ(pieces.joined(), "data: x\n\n");
  }
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(server.connection_count(), 1u);
  expect_all_http2();
}

// The faults below wait for the client to have the pieces before them (a gate at the drop):
// libcurl 7.88 discards a stream's DATA that it reads together with that stream's RST_STREAM,
// so a reset right behind the data would test the timing of the reads, not the session.

TEST_F(CurlSessionHttp2, AStreamResetMidBodyIsANetworkErrorAsADroppedConnectionIs) {
  Gate delivered;
  server.enqueue(Reply::stream({"data: 1\n\n", "data: 2\n\n", "data: 3\n\n"})
                     .with_drop_after(1)
                     .with_gate_before(1, delivered));
  CurlSession session(trusting());
  Pieces pieces;
  auto pending = session.post(post_to(server.url("/")),
                              pieces.callback([&](std::size_t) { delivered.open(); }), {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(result.error.message,
              HasSubstr("connection to 127.0.0.1 closed before the response ended"));
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(pieces.joined(), "data: 1\n\n");
  expect_all_http2();
}

TEST_F(CurlSessionHttp2, AConnectionResetMidBodyIsANetworkErrorAsOverHttp11) {
  Gate delivered;
  server.enqueue(Reply::stream({"data: 1\n\n", "data: 2\n\n", "data: 3\n\n"})
                     .with_drop_after(2, true)
                     .with_gate_before(2, delivered));
  CurlSession session(trusting());
  Pieces pieces;
  auto pending = session.post(post_to(server.url("/")), pieces.callback([&](std::size_t) {
    if (pieces.joined() == "data: 1\n\ndata: 2\n\n") delivered.open();
  }),
                              {});
  const HttpResult result = get_within(pending);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(result.error.message,
              HasSubstr("connection to 127.0.0.1 closed before the response ended"));
  EXPECT_EQ(pieces.joined(), "data: 1\n\ndata: 2\n\n");
  expect_all_http2();
}

TEST_F(CurlSessionHttp2, AStreamResetLeavesTheOtherStreamsOfItsConnectionAlone) {
  // B's reply waits until A has failed, then goes on over the same connection.
  Gate a_delivered, a_failed;
  server.route("/a",
               Reply::stream({"a0", "a1"}).with_drop_after(1).with_gate_before(1, a_delivered));
  server.route("/b", Reply::stream({"b0", "b1"}).with_gate_before(1, a_failed));
  CurlSession session(trusting());
  Pieces a, b;
  auto pending_a =
      session.post(post_to(server.url("/a")), a.callback([&](std::size_t) { a_delivered.open(); }),
                   [&](const HttpResult&) { a_failed.open(); });
  auto pending_b = session.post(post_to(server.url("/b")), b.callback(), {});
  const HttpResult result_a = get_within(pending_a);
  const HttpResult result_b = get_within(pending_b);
  EXPECT_EQ(result_a.error.code, ErrorCode::network);
  EXPECT_EQ(a.joined(), "a0");
  EXPECT_TRUE(result_b.is_success()) << result_b.error.message;
  EXPECT_EQ(b.joined(), "b0b1");
  EXPECT_EQ(server.connection_count(), 1u);
  expect_all_http2();
}

TEST_F(CurlSessionHttp2, ACancelReachesTheServerAtOnce) {
  // The server must learn that nobody reads the answer any more, or it goes on generating (and
  // billing) it. libcurl 7.88 holds the RST_STREAM of a removed stream in its output buffer
  // until the connection is used again, so the session closes a connection that no other
  // stream uses, as a cancel over HTTP/1.1 always did.
  Gate never;  // The server would hold the second piece for gate_timeout (5 s).
  server.route("/slow", Reply::stream({"first", "second"}).with_gate_before(1, never));
  server.route("/next", Reply::stream({"next"}));
  CurlSession session(trusting());
  Pieces pieces;
  std::promise<void> first_piece;
  auto pending = session.post(post_to(server.url("/slow")), pieces.callback([&](std::size_t i) {
    if (i == 0) first_piece.set_value();
  }),
                              {});
  ASSERT_EQ(first_piece.get_future().wait_for(kPatience), std::future_status::ready);
  pending.cancel();
  EXPECT_EQ(get_within(pending).error.code, ErrorCode::cancelled);
  EXPECT_TRUE(server.wait_for_replies_done(1, 2s)) << "the server's stream went on";
  EXPECT_FALSE(never.is_open());
  EXPECT_EQ(pieces.joined(), "first");
  // The session goes on: the next request gets its answer.
  Pieces next;
  auto again = session.post(post_to(server.url("/next")), next.callback(), {});
  const HttpResult result = get_within(again);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(next.joined(), "next");
  expect_all_http2();
}

TEST_F(CurlSessionHttp2, ACancelledStreamLeavesTheOtherStreamsOfItsConnectionRunning) {
  // A is cancelled after its first piece; B, on the same connection, then goes on to its end.
  Gate never, a_cancelled;
  server.route("/a", Reply::stream({"a0", "a1"}).with_gate_before(1, never));
  server.route("/b", Reply::stream({"b0", "b1"}).with_gate_before(1, a_cancelled));
  CurlSession session(trusting());
  Pieces a, b;
  std::promise<void> both_started;
  std::atomic<int> started{0};
  auto note_start = [&](std::size_t i) {
    if (i == 0 && ++started == 2) both_started.set_value();
  };
  auto pending_a = session.post(post_to(server.url("/a")), a.callback(note_start), {});
  auto pending_b = session.post(post_to(server.url("/b")), b.callback(note_start), {});
  ASSERT_EQ(both_started.get_future().wait_for(kPatience), std::future_status::ready);
  pending_a.cancel();
  EXPECT_EQ(get_within(pending_a).error.code, ErrorCode::cancelled);
  a_cancelled.open();
  const HttpResult result_b = get_within(pending_b);
  EXPECT_TRUE(result_b.is_success()) << result_b.error.message;
  EXPECT_EQ(b.joined(), "b0b1");
  EXPECT_EQ(a.joined(), "a0");
  EXPECT_EQ(server.connection_count(), 1u);
  EXPECT_TRUE(server.wait_for_replies_done(2, 2s)) << "the server's stream A went on";
  expect_all_http2();
}

TEST_F(CurlSessionHttp2, ASilentStreamHitsTheIdleTimeout) {
  server.enqueue(Reply::stream({"a", "b"}).with_stall_before(1, 3s));
  CurlSessionOptions options = trusting();
  options.idle_timeout = 200ms;
  CurlSession session(options);
  Pieces pieces;
  const auto start = std::chrono::steady_clock::now();
  auto pending = session.post(post_to(server.url("/")), pieces.callback(), {});
  const HttpResult result = get_within(pending);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);  // The client's timeout, not the stall.
  EXPECT_EQ(result.error.code, ErrorCode::timeout);
  EXPECT_EQ(result.error.message, "no data received from 127.0.0.1 for 200 ms");
  EXPECT_EQ(pieces.joined(), "a");
  expect_all_http2();
}

TEST_F(CurlSessionHttp2, HeadersAreThoseOfTheFinalResponse) {
  server.enqueue(Reply::json(200, "{}")
                     .with_informational(103, {{"Link", "</a.css>; rel=preload"}})
                     .with_header("X-Final", "yes"));
  CurlSession session(trusting());
  auto pending = session.post(post_to(server.url("/")), {}, {});
  const HttpResult result = get_within(pending);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "{}");
  EXPECT_EQ(result.header("x-final"), "yes");
  EXPECT_EQ(result.header("link"), std::nullopt);  // The 103's header went with it.
  expect_all_http2();
}

TEST(CurlSessionHttp11OverTls, TransfersStartedAtOnceEachOpenAConnectionWithoutWaiting) {
  // PIPEWAIT makes a second https transfer wait to learn whether the first connection
  // multiplexes; a server without HTTP/2 says no in its handshake, and then every transfer
  // must go ahead on its own connection at once, not one after another.
  constexpr std::size_t kTransfers = 3;
  TestCertificates certificates;
  LoopbackServer server(certificates.server_identity());  // No ALPN: HTTP/1.1.
  Gate all_asked;  // Before any body: opened once the server has every request.
  server.set_fallback(Reply::stream({"x", "y"}).with_gate_before(0, all_asked));
  CurlSessionOptions options;
  options.ca_file = certificates.ca_file();
  CurlSession session(options);
  std::vector<Pieces> pieces(kTransfers);
  std::vector<PendingResponse> pending;
  for (std::size_t i = 0; i < kTransfers; ++i) {
    pending.push_back(session.post(post_to(server.url("/")), pieces[i].callback(), {}));
  }
  EXPECT_TRUE(server.wait_for_requests(kTransfers, 3s)) << "the transfers did not start at once";
  all_asked.open();
  for (std::size_t i = 0; i < kTransfers; ++i) {
    const HttpResult result = get_within(pending[i]);
    EXPECT_TRUE(result.is_success()) << result.error.message;
    EXPECT_EQ(pieces[i].joined(), "xy");
  }
  EXPECT_EQ(server.connection_count(), kTransfers);
  for (const auto& request : server.requests()) EXPECT_EQ(request.version, "HTTP/1.1");
}

}  // namespace
}  // namespace tinychat
