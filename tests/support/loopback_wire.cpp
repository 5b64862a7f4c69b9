#include "support/loopback_wire.h"

#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <stdexcept>

namespace tinychat::testing::loopback {

namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxHead = 64 * 1024;
constexpr std::size_t kMaxBody = 64 << 20;
constexpr int kPollSliceMs = 100;  // Upper bound on any single wait, whatever else happens.

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string_view standard_reason(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 103:
      return "Early Hints";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 529:
      return "Overloaded";
    default:
      return "Status";
  }
}

std::string head_of(const Reply& reply, bool closing) {
  std::string head =
      "HTTP/1.1 " + std::to_string(reply.status) + " " +
      (reply.reason.empty() ? std::string(standard_reason(reply.status)) : reply.reason) + "\r\n";
  for (const HttpHeader& h : reply.headers) head += h.name + ": " + h.value + "\r\n";
  const bool bodiless = reply.status == 204 || reply.status == 304 || reply.status < 200;
  if (!bodiless && reply.framing == Framing::chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  } else if (!bodiless && reply.framing == Framing::content_length) {
    std::size_t total = 0;
    for (const std::string& piece : reply.pieces) total += piece.size();
    head += "Content-Length: " + std::to_string(total) + "\r\n";
  }
  if (closing) head += "Connection: close\r\n";
  return head + "\r\n";
}

std::string frame(const std::string& piece, Framing framing) {
  if (framing != Framing::chunked) return piece;
  char size[32];
  const auto end = std::to_chars(size, size + sizeof size, piece.size(), 16).ptr;
  return std::string(size, end) + "\r\n" + piece + "\r\n";
}

// Waits for the gate before piece `index`, if it has one; false once the server stops.
bool pass_gate(Wire& wire, const Reply& reply, std::size_t index) {
  const auto gate = reply.gates.find(index);
  if (gate == reply.gates.end()) return true;
  // In slices, so that a stopping server is not held up by a gate nobody opens.
  const auto until = Clock::now() + reply.gate_timeout;
  while (!gate->second.wait_for(milliseconds(20)) && Clock::now() < until) {
    if (!wire.sleep(milliseconds(0))) return false;
  }
  return true;
}

}  // namespace

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(
      a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

std::optional<std::string_view> find_header(const std::vector<HttpHeader>& headers,
                                            std::string_view name) {
  for (const HttpHeader& h : headers) {
    if (equals_ignoring_case(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

std::shared_ptr<ssl_ctx_st> make_tls_context(const TlsIdentity& identity) {
  std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
  if (!context ||
      SSL_CTX_use_certificate_chain_file(context.get(), identity.certificate.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(context.get(), identity.key.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw std::runtime_error("loopback server: cannot load " + identity.certificate.string());
  }
  // Pieces are written as they come, so a write may move only part of one.
  SSL_CTX_set_mode(context.get(),
                   SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return context;
}

Wire::~Wire() {
  if (ssl_ != nullptr) {
    if (!reset_) SSL_shutdown(ssl_);  // Best effort: sends close_notify, waits for nothing.
    SSL_free(ssl_);
  }
  ::close(fd_);
}

bool Wire::start_tls(ssl_ctx_st* context) {
  // OpenSSL writes with write(), not send(MSG_NOSIGNAL): a client gone away would raise SIGPIPE
  // and end the whole test program. Blocked in this connection's thread, it becomes EPIPE.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
  ssl_ = SSL_new(context);
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) return false;
  for (;;) {
    short wait_for = 0;
    const int result = SSL_accept(ssl_);
    if (result == 1) return true;
    if (tls_result(result, wait_for) != -1 || wait_for == 0 || !wait(wait_for)) {
      ERR_clear_error();
      return false;
    }
  }
}

bool Wire::resumed_session() const { return ssl_ != nullptr && SSL_session_reused(ssl_) == 1; }

bool Wire::negotiated_http2() const {
  if (ssl_ == nullptr) return false;
  const unsigned char* protocol = nullptr;
  unsigned int size = 0;
  SSL_get0_alpn_selected(ssl_, &protocol, &size);
  return std::string_view(reinterpret_cast<const char*>(protocol), size) == "h2";
}

ssize_t Wire::tls_result(int result, short& wait_for) {
  if (result > 0) return result;
  switch (SSL_get_error(ssl_, result)) {
    case SSL_ERROR_WANT_READ:
      wait_for = POLLIN;
      return -1;
    case SSL_ERROR_WANT_WRITE:
      wait_for = POLLOUT;
      return -1;
    case SSL_ERROR_ZERO_RETURN:
      return 0;  // The client's close_notify.
    default:
      ERR_clear_error();
      return -1;
  }
}

ssize_t Wire::read_some(char* buffer, std::size_t size, short& wait_for) {
  wait_for = 0;
  if (ssl_ != nullptr) return tls_result(SSL_read(ssl_, buffer, static_cast<int>(size)), wait_for);
  const ssize_t got = ::recv(fd_, buffer, size, 0);
  if (got < 0 && (errno == EAGAIN || errno == EINTR)) wait_for = POLLIN;
  return got;
}

ssize_t Wire::write_some(std::string_view bytes, short& wait_for) {
  wait_for = 0;
  if (ssl_ != nullptr) {
    return tls_result(SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())), wait_for);
  }
  const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  if (sent < 0 && (errno == EAGAIN || errno == EINTR)) wait_for = POLLOUT;
  return sent;
}

// Waits for `events` on the socket; false once the server stops.
bool Wire::wait(short events) {
  while (!stopping_.load()) {
    pollfd fds[2] = {{fd_, events, 0}, {wake_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, kPollSliceMs);
    if (ready < 0 && errno != EINTR) return false;
    if (fds[1].revents != 0) return false;
    if (fds[0].revents != 0) return true;
  }
  return false;
}

int Wire::poll_for(short events, int timeout_ms) {
  if (stopping_.load()) return -1;
  pollfd fds[2] = {{fd_, events, 0}, {wake_, POLLIN, 0}};
  const int ready = ::poll(fds, 2, std::min(timeout_ms, kPollSliceMs));
  if (ready < 0 && errno != EINTR) return -1;
  if (fds[1].revents != 0) return -1;
  return ready > 0 ? fds[0].revents : 0;
}

std::string Wire::take_buffered() {
  std::string bytes;
  bytes.swap(buffer_);
  return bytes;
}

// Sleeps for `duration`, or less if the server stops. False once stopping.
bool Wire::sleep(milliseconds duration) {
  const auto until = Clock::now() + duration;
  while (!stopping_.load()) {
    const auto left = std::chrono::ceil<milliseconds>(until - Clock::now()).count();
    if (left <= 0) return true;
    pollfd fd{wake_, POLLIN, 0};
    ::poll(&fd, 1, static_cast<int>(std::min<long long>(left, kPollSliceMs)));
  }
  return false;
}

bool Wire::send_all(std::string_view bytes) {
  while (!bytes.empty()) {
    short wait_for = 0;
    const ssize_t sent = write_some(bytes, wait_for);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    } else if (wait_for != 0) {
      if (!wait(wait_for)) return false;
    } else {
      return false;  // The client went away.
    }
  }
  return true;
}

// Ensures `buffer_` holds at least `size` bytes; false on end of stream or stop.
bool Wire::fill(std::size_t size) {
  char chunk[16384];
  while (buffer_.size() < size) {
    short wait_for = 0;
    const ssize_t got = read_some(chunk, sizeof chunk, wait_for);
    if (got > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(got));
    } else if (wait_for != 0) {
      if (!wait(wait_for)) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Reads up to and including `delimiter`; false on end of stream, stop, or over `limit`.
bool Wire::read_until(std::string_view delimiter, std::size_t limit, std::string& out) {
  for (;;) {
    if (const std::size_t at = buffer_.find(delimiter); at != std::string::npos) {
      out = buffer_.substr(0, at + delimiter.size());
      buffer_.erase(0, at + delimiter.size());
      return true;
    }
    if (buffer_.size() > limit || !fill(buffer_.size() + 1)) return false;
  }
}

bool Wire::read_exact(std::size_t size, std::string& out) {
  if (!fill(size)) return false;
  out.append(buffer_, 0, size);
  buffer_.erase(0, size);
  return true;
}

void Wire::close_abruptly() {
  reset_ = true;
  linger reset{1, 0};  // A zero linger time makes close() send RST.
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
}

std::optional<RecordedRequest> read_request(Wire& wire) {
  std::string head;
  if (!wire.read_until("\r\n\r\n", kMaxHead, head)) return std::nullopt;
  RecordedRequest request;
  std::string_view rest = head;
  const std::size_t line_end = rest.find("\r\n");
  const std::string_view line = rest.substr(0, line_end);
  rest.remove_prefix(line_end + 2);
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  request.method = line.substr(0, first);
  request.target = line.substr(first + 1, last - first - 1);
  request.version = line.substr(last + 1);
  while (!rest.empty()) {
    const std::size_t end = rest.find("\r\n");
    const std::string_view header = rest.substr(0, end);
    rest.remove_prefix(end + 2);
    if (header.empty()) break;
    const std::size_t colon = header.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers.push_back(
        {std::string(trim(header.substr(0, colon))), std::string(trim(header.substr(colon + 1)))});
  }
  const auto expect = find_header(request.headers, "expect");
  if (expect && equals_ignoring_case(*expect, "100-continue") &&
      !wire.send_all("HTTP/1.1 100 Continue\r\n\r\n")) {
    return std::nullopt;
  }
  if (const auto length = find_header(request.headers, "content-length")) {
    std::size_t size = 0;
    std::from_chars(length->data(), length->data() + length->size(), size);
    if (size > kMaxBody || !wire.read_exact(size, request.body)) return std::nullopt;
  } else if (const auto coding = find_header(request.headers, "transfer-encoding");
             coding && equals_ignoring_case(*coding, "chunked")) {
    for (;;) {
      std::string size_line;
      if (!wire.read_until("\r\n", kMaxHead, size_line)) return std::nullopt;
      std::size_t size = 0;
      std::from_chars(size_line.data(), size_line.data() + size_line.size(), size, 16);
      std::string crlf;
      if (size == 0) {  // Trailers are not recorded; read up to the blank line.
        while (size_line != "\r\n") {
          if (!wire.read_until("\r\n", kMaxHead, size_line)) return std::nullopt;
        }
        break;
      }
      if (request.body.size() + size > kMaxBody || !wire.read_exact(size, request.body) ||
          !wire.read_exact(2, crlf)) {
        return std::nullopt;
      }
    }
  }
  return request;
}

// Writes `reply`; false when the connection must not carry another request.
bool write_reply(Wire& wire, const Reply& reply, bool client_closes) {
  if (reply.hang_up) return false;
  if (reply.head_delay.count() > 0 && !wire.sleep(reply.head_delay)) return false;
  const bool closing = client_closes || reply.close_connection || reply.framing == Framing::close;
  for (const Reply::Informational& interim : reply.informational) {
    std::string head = "HTTP/1.1 " + std::to_string(interim.status) + " " +
                       std::string(standard_reason(interim.status)) + "\r\n";
    for (const HttpHeader& h : interim.headers) head += h.name + ": " + h.value + "\r\n";
    if (!wire.send_all(head + "\r\n")) return false;
  }
  if (!wire.send_all(head_of(reply, closing))) return false;
  for (std::size_t i = 0; i < reply.pieces.size(); ++i) {
    if (reply.drop_after && i >= *reply.drop_after) break;
    if (i > 0 && reply.pause.count() > 0 && !wire.sleep(reply.pause)) return false;
    if (const auto stall = reply.stalls.find(i); stall != reply.stalls.end()) {
      if (!wire.sleep(stall->second)) return false;
    }
    if (!pass_gate(wire, reply, i)) return false;
    if (reply.pieces[i].empty() && reply.framing == Framing::chunked) continue;
    if (!wire.send_all(frame(reply.pieces[i], reply.framing))) return false;
  }
  if (reply.drop_after) {  // Even after the last piece: then only the end is missing.
    if (!pass_gate(wire, reply, *reply.drop_after)) return false;
    if (reply.reset_on_drop) wire.close_abruptly();
    return false;
  }
  if (reply.framing == Framing::chunked && !wire.send_all("0\r\n\r\n")) return false;
  return !closing;
}

}  // namespace tinychat::testing::loopback
