#pragma once
// A listening socket on 127.0.0.1 with a port the kernel picks: what every bench server starts
// from. Benchmarks talk to loopback only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>

namespace tinychat::bench {

struct LoopbackListener {
  int descriptor = -1;
  int port = 0;
};

/// Exits the bench with `who`'s message when the socket cannot be had. `flags` go to socket()
/// beside SOCK_STREAM (e.g. SOCK_NONBLOCK); `backlog` to listen().
inline LoopbackListener listen_on_loopback(const char* who, int flags, int backlog) {
  LoopbackListener listener;
  listener.descriptor = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
  int one = 1;
  ::setsockopt(listener.descriptor, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener.descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener.descriptor, backlog) != 0) {
    std::perror(who);
    std::exit(1);
  }
  socklen_t size = sizeof address;
  ::getsockname(listener.descriptor, reinterpret_cast<sockaddr*>(&address), &size);
  listener.port = ntohs(address.sin_port);
  return listener;
}

}  // namespace tinychat::bench
