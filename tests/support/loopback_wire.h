#pragma once

// The wire side of LoopbackServer (private to tests/support): socket I/O whose every wait is
// bounded and cut short by the server's stop signal, and HTTP/1.1 messages read and written.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/loopback_server.h"

namespace tinychat::testing::loopback {

/// One accepted, non-blocking socket; closed by the destructor.
class Wire {
 public:
  Wire(int fd, int wake, const std::atomic<bool>& stopping)
      : fd_(fd), wake_(wake), stopping_(stopping) {}
  ~Wire();
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;

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

 private:
  bool fill(std::size_t size);

  int fd_;
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
