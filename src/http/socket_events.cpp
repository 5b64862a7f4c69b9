#include "socket_events.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <stdexcept>

namespace tinychat::http {

namespace {

using Clock = std::chrono::steady_clock;

// Events taken per epoll_wait; more ready sockets are simply taken by the next call.
constexpr std::size_t kReadyPerWait = 256;

}  // namespace

SocketEvents::SocketEvents(CURLM* multi) : multi_(multi), ready_(kReadyPerWait) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    throw std::runtime_error("the HTTP session could not create its epoll set or eventfd");
  }
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &SocketEvents::on_socket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &SocketEvents::on_timer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

SocketEvents::~SocketEvents() {
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

int SocketEvents::on_socket(CURL*, curl_socket_t socket, int what, void* self, void*) {
  auto& events = *static_cast<SocketEvents*>(self);
  if (what == CURL_POLL_REMOVE) {
    ::epoll_ctl(events.epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);  // Closed already: fine.
    return 0;
  }
  epoll_event event{};
  event.events =
      ((what & CURL_POLL_IN) != 0 ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) != 0 ? EPOLLOUT : 0u);
  event.data.fd = socket;
  // MOD first: libcurl reports changes of sockets it already watches far more often than new
  // ones. A socket number reused after a close is simply added again.
  if (::epoll_ctl(events.epoll_fd_, EPOLL_CTL_MOD, socket, &event) != 0 && errno == ENOENT) {
    ::epoll_ctl(events.epoll_fd_, EPOLL_CTL_ADD, socket, &event);
  }
  return 0;
}

int SocketEvents::on_timer(CURLM*, long timeout_ms, void* self) {
  auto& events = *static_cast<SocketEvents*>(self);
  if (timeout_ms < 0) {
    events.curl_due_.reset();
  } else {
    events.curl_due_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

int SocketEvents::curl_wait_ms() const {
  if (!curl_due_) return -1;
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*curl_due_ - Clock::now());
  return static_cast<int>(std::max<std::int64_t>(wait.count(), 0));
}

void SocketEvents::act_if_due() {
  if (!curl_due_ || *curl_due_ > Clock::now()) return;
  curl_due_.reset();  // libcurl sets it again (through on_timer) if it still needs one.
  int running = 0;
  curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
}

void SocketEvents::wait_and_act(int timeout_ms) {
  const int curl_wait = curl_wait_ms();
  if (curl_wait >= 0) timeout_ms = std::min(timeout_ms, curl_wait);
  const int ready =
      ::epoll_wait(epoll_fd_, ready_.data(), static_cast<int>(ready_.size()), timeout_ms);
  int running = 0;
  for (int i = 0; i < ready; ++i) {
    const epoll_event& event = ready_[static_cast<std::size_t>(i)];
    if (event.data.fd == wake_fd_) {
      std::uint64_t count = 0;
      [[maybe_unused]] const ssize_t n = ::read(wake_fd_, &count, sizeof count);  // Drained.
      continue;
    }
    // An error or a hang-up is left for libcurl's own recv/send to find and name (a reset, a
    // refused connect, the end of a close-delimited body), as it does after poll().
    int mask = 0;
    if ((event.events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) mask |= CURL_CSELECT_IN;
    if ((event.events & (EPOLLOUT | EPOLLERR)) != 0) mask |= CURL_CSELECT_OUT;
    curl_multi_socket_action(multi_, event.data.fd, mask, &running);
  }
  act_if_due();
}

}  // namespace tinychat::http
