#pragma once

#include <curl/curl.h>
#include <sys/epoll.h>

#include <chrono>
#include <optional>
#include <vector>

namespace tinychat::http {

/// What the loop thread sleeps on: an epoll set of the sockets libcurl asks to be watched
/// (CURLMOPT_SOCKETFUNCTION), libcurl's own timer (CURLMOPT_TIMERFUNCTION), and an eventfd that
/// other threads write to wake the loop. With curl_multi_socket_action a wake-up costs one
/// epoll_wait and acts only on the sockets that are ready, whatever the number of transfers,
/// where curl_multi_poll polled every socket (three polls and a read per wake-up).
class SocketEvents {
 public:
  /// Registers the callbacks on `multi`. Throws std::runtime_error when epoll or the eventfd
  /// cannot be made.
  explicit SocketEvents(CURLM* multi);
  /// After curl_multi_cleanup, which may still report sockets to remove.
  ~SocketEvents();
  SocketEvents(const SocketEvents&) = delete;
  SocketEvents& operator=(const SocketEvents&) = delete;

  /// Written by other threads (Handover) to end a wait at once.
  int wake_fd() const { return wake_fd_; }

  /// Sleeps until a socket is ready, a wake-up, libcurl's timer, or `timeout_ms` (whichever comes
  /// first), then hands libcurl the ready sockets and its due timeout (curl_multi_socket_action).
  void wait_and_act(int timeout_ms);
  /// Runs libcurl's timeout now if it is due (after transfers were added: libcurl asks for an
  /// immediate call to start them).
  void act_if_due();

 private:
  static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  int curl_wait_ms() const;

  CURLM* multi_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  // libcurl's timer: when it wants curl_multi_socket_action(CURL_SOCKET_TIMEOUT); none if empty.
  std::optional<std::chrono::steady_clock::time_point> curl_due_;
  std::vector<epoll_event> ready_;
};

}  // namespace tinychat::http
