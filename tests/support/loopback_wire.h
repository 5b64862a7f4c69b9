#pragma once

// The wire side of LoopbackServer (private to tests/support): socket I/O whose every wait is
// bounded and cut short by the server's stop signal, and HTTP/1.1 messages read and written.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/loopback_server.h"

struct ssl_st;  // OpenSSL's SSL.

namespace tinychat::testing::loopback {

/// A TLS server context presenting `identity`; throws when the files do not load.
std::shared_ptr<ssl_ctx_st> make_tls_context(const TlsIdentity& identity);

/// One accepted, non-blocking socket; closed by the destructor.
class Wire {
 public:
  Wire(int fd, int wake, const std::atomic<bool>& stopping)
      : fd_(fd), wake_(wake), stopping_(stopping) {}
  ~Wire();
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;

  /// Runs the server's side of a TLS handshake; from then on every read and write is encrypted.
  /// False when the handshake failed (the client refused the certificate) or the server stops.
  bool start_tls(ssl_ctx_st* context);
  /// Whether the TLS handshake resumed an earlier session (the client offered its ticket).
  bool resumed_session() const;
  /// Waits for `events` (POLLIN, POLLOUT) on the socket; false once the server stops.
  bool wait(short events);
  /// Sleeps for `duration`, or less if the server stops; false once stopping.
  bool sleep(std::chrono::milliseconds duration);
  bool send_all(std::string_view bytes);
  /// Reads up to and including `delimiter`; false on end of stream, stop, or over `limit`.
  bool read_until(std::string_view delimiter, std::size_t limit, std::string& out);
  /// Appends exactly `size` bytes to `out`.
  bool read_exact(std::size_t size, std::string& out);
  /// Makes the coming close() send a TCP reset.
  void close_abruptly();
  /// Whether the TLS handshake agreed on HTTP/2 (ALPN "h2").
  bool negotiated_http2() const;

  // For a caller that runs its own event loop (the HTTP/2 side), rather than one blocking
  // exchange after another.

  /// One read or write: the bytes moved (> 0), 0 at the end of the stream, -1 on failure; when
  /// it would block, -1 with `wait_for` set to the event to wait for.
  ssize_t read_some(char* buffer, std::size_t size, short& wait_for);
  ssize_t write_some(std::string_view bytes, short& wait_for);
  /// Waits at most `timeout_ms` for `events` on the socket: its revents (0 when the time ran
  /// out), or -1 once the server stops or polling fails.
  int poll_for(short events, int timeout_ms);
  /// What was received but not consumed by read_until or read_exact; the buffer is left empty.
  std::string take_buffered();

 private:
  bool fill(std::size_t size);
  ssize_t tls_result(int result, short& wait_for);

  int fd_;
  ssl_st* ssl_ = nullptr;
  bool reset_ = false;
  int wake_;
  const std::atomic<bool>& stopping_;
  std::string buffer_;  // Received but not yet consumed (pipelined requests).
};

bool equals_ignoring_case(std::string_view a, std::string_view b);
std::optional<std::string_view> find_header(const std::vector<HttpHeader>& headers,
                                            std::string_view name);
/// Reads one request (answering "Expect: 100-continue"); nullopt when the connection ends.
std::optional<RecordedRequest> read_request(Wire& wire);
/// Writes `reply` with its faults; false when the connection must not carry another request.
bool write_reply(Wire& wire, const Reply& reply, bool client_closes);

}  // namespace tinychat::testing::loopback
