#pragma once

// An HTTP/1.1 server on 127.0.0.1 for tests: it replays scripted replies, cut into pieces that
// reach the client in separate reads, with faults (drops, stalls, gates), and records every
// request it receives.
//
//   LoopbackServer server;
//   Gate gate;  // The test opens it once the client has seen piece 0.
//   server.enqueue(Reply::stream({"data: a\n\n", "data: b\n\n"}).with_gate_before(1, gate));
//   HttpRequest request{.url = server.url("/v1/chat/completions"), ...};
//   auto pending = session.post(request, on_body_that_opens(gate), {});
//   ASSERT_TRUE(server.wait_for_requests(1));
//   EXPECT_EQ(server.request(0).header("authorization"), "Bearer k");
//
// LoopbackServer(TlsIdentity) speaks HTTPS instead, with a certificate a test made itself
// (support/test_certificates.h). LoopbackServer::http2(TlsIdentity) offers HTTP/2 too (ALPN),
// and replays the same scripts over it, several streams at once on one connection.
//
// Every wait of the server is bounded and interrupted by its destructor, so a test that fails
// half-way never hangs in it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tinychat/http_types.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX, kept out of the tests that include this header.

namespace tinychat::testing {

/// The certificate (chain) and private key a TLS server presents, as PEM files.
struct TlsIdentity {
  std::filesystem::path certificate;
  std::filesystem::path key;
};

/// How a reply's body is delimited on the wire.
enum class Framing {
  chunked,         ///< Transfer-Encoding: chunked, one chunk per piece (empty pieces skipped).
  content_length,  ///< Content-Length: the total size of all pieces.
  close,           ///< Neither: the body ends when the server closes the connection.
};

/// A latch that a test opens to let the server send a piece (see Reply::with_gate_before), so a
/// test can prove the client saw piece N before the server sent piece N+1. Copies share the
/// same latch; thread-safe.
class Gate {
 public:
  Gate();
  /// Lets every waiter through, now and later.
  void open();
  bool is_open() const;
  /// Blocks until the gate is open (true) or `timeout` has passed (false).
  bool wait_for(std::chrono::milliseconds timeout) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

/// One scripted reply: status, headers, the body as pieces (one send() each) and faults.
/// Build it with the static helpers and the chainable with_* setters, or fill the fields.
struct Reply {
  /// An interim 1xx response sent before the real one (e.g. 103 Early Hints).
  struct Informational {
    int status = 103;
    std::vector<HttpHeader> headers;
  };

  int status = 200;
  std::string reason;  ///< Empty: the usual phrase for the status ("OK", "Not Found"...).
  /// Sent as given. The framing header (Content-Length or Transfer-Encoding) is added by the
  /// server according to `framing`; do not add one here.
  std::vector<HttpHeader> headers;
  std::vector<std::string> pieces;  ///< The body, each piece written with its own send().
  /// Sent before the status line, each with its own send(). ("100 Continue" needs no script:
  /// the server sends it by itself when a request asks for it.)
  std::vector<Informational> informational;
  Framing framing = Framing::chunked;
  /// Pause before every piece but the first, so that pieces arrive in separate reads.
  std::chrono::milliseconds pause{1};
  /// Silence after reading the request, before the status line is sent.
  std::chrono::milliseconds head_delay{0};
  /// Silence before piece i (after `pause`); bounded by the server's destructor.
  std::map<std::size_t, std::chrono::milliseconds> stalls;
  /// Before piece i, wait until this gate is open (at most `gate_timeout`, then go on). A gate
  /// at `drop_after` holds the drop the same way, so a test can let the client read every
  /// piece before the connection (or, over HTTP/2, the stream) goes.
  std::map<std::size_t, Gate> gates;
  std::chrono::milliseconds gate_timeout{5000};
  /// Close the connection after this many pieces: no chunk terminator, or short of the
  /// announced Content-Length. 0 closes right after the headers.
  std::optional<std::size_t> drop_after;
  bool reset_on_drop = false;     ///< Drop with a TCP reset instead of an orderly close.
  bool hang_up = false;           ///< Close without sending anything at all.
  bool close_connection = false;  ///< Send "Connection: close" and close after this reply.

  /// 200 text/event-stream (or `content_type`), chunked, with these pieces.
  static Reply stream(std::vector<std::string> pieces,
                      std::string content_type = "text/event-stream");
  /// A whole recorded stream cut into pieces of `piece_size` bytes (splitting multi-byte
  /// characters and lines wherever the cut falls), as `stream` does.
  static Reply replay(std::string_view bytes, std::size_t piece_size,
                      std::string content_type = "text/event-stream");
  /// `status` with a JSON body in one piece, Content-Length framed.
  static Reply json(int status, std::string body);
  /// `status` with a text/plain body in one piece, Content-Length framed.
  static Reply text(int status, std::string body);
  /// Closes the connection after reading the request, without answering.
  static Reply no_answer();

  Reply& with_header(std::string name, std::string value);
  Reply& with_informational(int status, std::vector<HttpHeader> headers);
  Reply& with_framing(Framing how);
  Reply& with_pause(std::chrono::milliseconds between_pieces);
  Reply& with_head_delay(std::chrono::milliseconds delay);
  Reply& with_stall_before(std::size_t piece, std::chrono::milliseconds silence);
  Reply& with_gate_before(std::size_t piece, Gate gate);
  Reply& with_drop_after(std::size_t pieces, bool reset = false);
  Reply& with_close();
};

/// A request as the server received it.
struct RecordedRequest {
  std::string method;
  std::string target;   ///< Path and query, as on the request line.
  std::string version;  ///< "HTTP/1.1", or "HTTP/2" when it came over HTTP/2.
  /// In order, names as sent (lowercase over HTTP/2, whose pseudo-headers are not included:
  /// :method and :path are `method` and `target`).
  std::vector<HttpHeader> headers;
  std::string body;            ///< Decoded (Content-Length or chunked).
  std::size_t connection = 0;  ///< Index of the connection that carried it (accept order).

  std::string_view path() const;   ///< The target up to '?'.
  std::string_view query() const;  ///< The target after '?', or empty.
  /// The first header with this name, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
};

/// The server. Starts listening on 127.0.0.1 with an ephemeral port in its constructor; the
/// destructor closes every connection and joins its threads (promptly, even mid-reply).
/// Each connection has its own thread and may carry several requests (keep-alive).
/// Which reply a request gets: a route for its path if there is one, else the next queued
/// reply, else the fallback (404 "no reply scripted" unless set). All members are thread-safe.
class LoopbackServer {
 public:
  LoopbackServer();
  /// Speaks HTTPS: each connection begins with a TLS handshake presenting `identity`. A client
  /// that refuses the certificate ends the connection before any request is recorded.
  explicit LoopbackServer(const TlsIdentity& identity);
  /// Speaks HTTPS and offers HTTP/2 (ALPN "h2", then "http/1.1"): a client that takes it gets
  /// each request as a stream, its reply played on a timeline of its own, so a gate or a stall
  /// of one stream holds back none of the others on the connection; a client that does not
  /// gets HTTP/1.1 as from LoopbackServer(identity). How a Reply maps onto HTTP/2 (drops are
  /// stream resets unless `reset_on_drop`): support/loopback_http2.h.
  static LoopbackServer http2(const TlsIdentity& identity);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::uint16_t port() const { return port_; }
  /// "http://127.0.0.1:<port>", or "https://..." for a TLS server.
  std::string base_url() const;
  /// base_url() + target, e.g. url("/v1/chat/completions").
  std::string url(std::string_view target = "/") const;

  /// Answers the next request (whatever its path) with `reply`; replies are used in order.
  void enqueue(Reply reply);
  /// Answers every request whose path (query ignored) is `path` with `reply`, before the queue.
  void route(std::string path, Reply reply);
  /// Answers requests that neither a route nor the queue covers.
  void set_fallback(Reply reply);

  /// Every request received so far, in arrival order.
  std::vector<RecordedRequest> requests() const;
  std::size_t request_count() const;
  /// Request `index` (arrival order); fails the test and returns an empty one if absent.
  RecordedRequest request(std::size_t index) const;
  /// Waits until at least `count` requests have arrived; false on timeout.
  bool wait_for_requests(std::size_t count,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  /// Connections accepted so far (shows whether the client reused one).
  std::size_t connection_count() const;
  /// TLS handshakes that resumed an earlier session instead of a full handshake.
  std::size_t resumed_sessions() const;
  /// Replies the server has finished writing (completely, or up to their fault).
  std::size_t replies_done() const;
  /// Waits until at least `count` replies are done; false on timeout.
  bool wait_for_replies_done(std::size_t count,
                             std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

 private:
  LoopbackServer(const TlsIdentity& identity, bool offer_http2);
  void start_listening();
  void accept_loop();
  void serve(int fd, std::size_t index);
  Reply pick_reply(const RecordedRequest& request);
  void record(RecordedRequest request);
  void count_reply_done();

  int listener_ = -1;
  int wake_read_ = -1;  // Readable once stopping: every poll() in the server includes it.
  int wake_write_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::shared_ptr<ssl_ctx_st> tls_;  // Null: plain HTTP.

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<Reply> queue_;
  std::map<std::string, Reply, std::less<>> routes_;
  std::optional<Reply> fallback_;
  std::vector<RecordedRequest> requests_;
  std::size_t connections_ = 0;
  std::size_t resumed_sessions_ = 0;
  std::size_t replies_done_ = 0;
  std::list<std::thread> connection_threads_;

  std::thread acceptor_;  // Last: started once everything above exists.
};

}  // namespace tinychat::testing
