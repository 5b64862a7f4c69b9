#include "support/loopback_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "support/loopback_http2.h"
#include "support/loopback_wire.h"
#include "support/test_data.h"

namespace tinychat::testing {

using loopback::equals_ignoring_case;
using loopback::find_header;
using std::chrono::milliseconds;

namespace {
constexpr int kPollSliceMs = 100;  // Upper bound on any single wait, whatever else happens.
}  // namespace

// ---- Gate ----

struct Gate::State {
  std::mutex mutex;
  std::condition_variable opened;
  bool open = false;
};

Gate::Gate() : state_(std::make_shared<State>()) {}

void Gate::open() {
  {
    std::lock_guard lock(state_->mutex);
    state_->open = true;
  }
  state_->opened.notify_all();
}

bool Gate::is_open() const {
  std::lock_guard lock(state_->mutex);
  return state_->open;
}

bool Gate::wait_for(milliseconds timeout) const {
  std::unique_lock lock(state_->mutex);
  return state_->opened.wait_for(lock, timeout, [&] { return state_->open; });
}

// ---- Reply ----

Reply Reply::stream(std::vector<std::string> pieces, std::string content_type) {
  Reply reply;
  reply.pieces = std::move(pieces);
  reply.headers.push_back({"Content-Type", std::move(content_type)});
  reply.headers.push_back({"Cache-Control", "no-cache"});
  return reply;
}

Reply Reply::replay(std::string_view bytes, std::size_t piece_size, std::string content_type) {
  return stream(split_every(bytes, std::max<std::size_t>(piece_size, 1)), std::move(content_type));
}

Reply Reply::json(int status, std::string body) {
  Reply reply;
  reply.status = status;
  reply.framing = Framing::content_length;
  reply.headers.push_back({"Content-Type", "application/json"});
  reply.pieces.push_back(std::move(body));
  return reply;
}

Reply Reply::text(int status, std::string body) {
  Reply reply = json(status, std::move(body));
  reply.headers.front().value = "text/plain; charset=utf-8";
  return reply;
}

Reply Reply::no_answer() {
  Reply reply;
  reply.hang_up = true;
  return reply;
}

Reply& Reply::with_header(std::string name, std::string value) {
  headers.push_back({std::move(name), std::move(value)});
  return *this;
}
Reply& Reply::with_informational(int interim_status, std::vector<HttpHeader> interim_headers) {
  informational.push_back({interim_status, std::move(interim_headers)});
  return *this;
}
Reply& Reply::with_framing(Framing how) {
  framing = how;
  return *this;
}
Reply& Reply::with_pause(milliseconds between_pieces) {
  pause = between_pieces;
  return *this;
}
Reply& Reply::with_head_delay(milliseconds delay) {
  head_delay = delay;
  return *this;
}
Reply& Reply::with_stall_before(std::size_t piece, milliseconds silence) {
  stalls[piece] = silence;
  return *this;
}
Reply& Reply::with_gate_before(std::size_t piece, Gate gate) {
  gates.insert_or_assign(piece, std::move(gate));
  return *this;
}
Reply& Reply::with_drop_after(std::size_t pieces_sent, bool reset) {
  drop_after = pieces_sent;
  reset_on_drop = reset;
  return *this;
}
Reply& Reply::with_close() {
  close_connection = true;
  return *this;
}

// ---- RecordedRequest ----

std::string_view RecordedRequest::path() const {
  return std::string_view(target).substr(0, target.find('?'));
}

std::string_view RecordedRequest::query() const {
  const std::size_t mark = target.find('?');
  return mark == std::string::npos ? std::string_view() : std::string_view(target).substr(mark + 1);
}

std::optional<std::string_view> RecordedRequest::header(std::string_view name) const {
  return find_header(headers, name);
}

// ---- LoopbackServer ----

LoopbackServer::LoopbackServer() { start_listening(); }

LoopbackServer::LoopbackServer(const TlsIdentity& identity) : LoopbackServer(identity, false) {}

LoopbackServer::LoopbackServer(const TlsIdentity& identity, bool offer_http2)
    : tls_(loopback::make_tls_context(identity)) {
  if (offer_http2) loopback::offer_http2(tls_.get());
  start_listening();
}

LoopbackServer LoopbackServer::http2(const TlsIdentity& identity) {
  return LoopbackServer(identity, true);  // Built in place: the server is never moved.
}

void LoopbackServer::start_listening() {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("loopback server: pipe");
  wake_read_ = pipe_fds[0];
  wake_write_ = pipe_fds[1];
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // Ephemeral: tests running in parallel never collide.
  socklen_t size = sizeof address;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(listener_);
    ::close(wake_read_);
    ::close(wake_write_);
    throw std::runtime_error("loopback server: " + reason);
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

LoopbackServer::~LoopbackServer() {
  stopping_.store(true);
  const char byte = 0;
  [[maybe_unused]] const ssize_t written = ::write(wake_write_, &byte, 1);  // Never read.
  acceptor_.join();
  // No new connection threads after the acceptor has ended.
  for (std::thread& thread : connection_threads_) thread.join();
  ::close(listener_);
  ::close(wake_read_);
  ::close(wake_write_);
}

std::string LoopbackServer::base_url() const {
  return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_);
}

std::string LoopbackServer::url(std::string_view target) const {
  return base_url() + std::string(target);
}

void LoopbackServer::accept_loop() {
  while (!stopping_.load()) {
    pollfd fds[2] = {{listener_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, kPollSliceMs) <= 0 || fds[1].revents != 0) continue;
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) continue;
    int one = 1;  // Each piece leaves at once, so the client reads them separately.
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mutex_);
    const std::size_t index = connections_++;
    connection_threads_.emplace_back([this, fd, index] { serve(fd, index); });
  }
}

void LoopbackServer::serve(int fd, std::size_t index) {
  loopback::Wire wire(fd, wake_read_, stopping_);
  if (tls_ && !wire.start_tls(tls_.get())) return;  // The client refused us, or went away.
  if (wire.resumed_session()) {
    std::lock_guard lock(mutex_);
    ++resumed_sessions_;
  }
  if (wire.negotiated_http2()) {
    const loopback::Http2Hooks hooks{.answer =
                                         [this](RecordedRequest request) {
                                           Reply reply = pick_reply(request);
                                           record(std::move(request));
                                           return reply;
                                         },
                                     .reply_done = [this] { count_reply_done(); }};
    return loopback::serve_http2(wire, index, hooks);
  }
  bool keep_alive = true;
  while (keep_alive && !stopping_.load()) {
    std::optional<RecordedRequest> request = loopback::read_request(wire);
    if (!request) break;
    request->connection = index;
    const auto connection = request->header("connection");
    const bool client_closes = connection && equals_ignoring_case(*connection, "close");
    Reply reply = pick_reply(*request);
    record(std::move(*request));
    keep_alive = loopback::write_reply(wire, reply, client_closes);
    count_reply_done();
  }
}

void LoopbackServer::count_reply_done() {
  {
    std::lock_guard lock(mutex_);
    ++replies_done_;
  }
  changed_.notify_all();
}

Reply LoopbackServer::pick_reply(const RecordedRequest& request) {
  std::lock_guard lock(mutex_);
  if (const auto route = routes_.find(request.path()); route != routes_.end()) {
    return route->second;
  }
  if (!queue_.empty()) {
    Reply reply = std::move(queue_.front());
    queue_.pop_front();
    return reply;
  }
  if (fallback_) return *fallback_;
  return Reply::text(404, "no reply scripted for " + std::string(request.path()));
}

void LoopbackServer::record(RecordedRequest request) {
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
  }
  changed_.notify_all();
}

void LoopbackServer::enqueue(Reply reply) {
  std::lock_guard lock(mutex_);
  queue_.push_back(std::move(reply));
}

void LoopbackServer::route(std::string path, Reply reply) {
  std::lock_guard lock(mutex_);
  routes_.insert_or_assign(std::move(path), std::move(reply));
}

void LoopbackServer::set_fallback(Reply reply) {
  std::lock_guard lock(mutex_);
  fallback_ = std::move(reply);
}

std::vector<RecordedRequest> LoopbackServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t LoopbackServer::request_count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

RecordedRequest LoopbackServer::request(std::size_t index) const {
  std::lock_guard lock(mutex_);
  if (index >= requests_.size()) {
    ADD_FAILURE() << "the loopback server received " << requests_.size()
                  << " request(s), not one with index " << index;
    return {};
  }
  return requests_[index];
}

bool LoopbackServer::wait_for_requests(std::size_t count, milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= count; });
}

std::size_t LoopbackServer::connection_count() const {
  std::lock_guard lock(mutex_);
  return connections_;
}

std::size_t LoopbackServer::resumed_sessions() const {
  std::lock_guard lock(mutex_);
  return resumed_sessions_;
}

std::size_t LoopbackServer::replies_done() const {
  std::lock_guard lock(mutex_);
  return replies_done_;
}

bool LoopbackServer::wait_for_replies_done(std::size_t count, milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return replies_done_ >= count; });
}

}  // namespace tinychat::testing
