// Many answers at once on one CurlSession: 1, 10, 100 and 1,000 simultaneous OpenAI-format
// streams, each decoded by its own ChatSession, all driven by the session's one loop thread.
// A server in a child process (so that its CPU is not counted) sends every open stream one
// event every --pace-ms, one HTTP chunk each, like a model writing; each stream has --events
// events. Reported per level: the loop thread's CPU (user + system) per event, its growth over the
// single stream, the memory (RSS) per stream while all are open, and the wall time against the
// ideal (events × pace).
//
//   build/bench/concurrency_bench [--streams 1,10,100,1000] [--events N] [--pace-ms MS] [--check]
//
// --check (the ctest smoke run) exits 1 when any stream failed or lost an event; it makes no
// timing assertion.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "loopback_listener.h"
#include "tinychat/chat_session.h"
#include "tinychat/curl_session.h"
#include "tinychat/provider.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string chunk(const std::string& event) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", event.size());
  return size + event + "\r\n";
}

std::string event_chunk(int i) {
  return chunk(R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,)"
               R"("model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":" tok)" +
               std::to_string(i) +
               R"("},"logprobs":null,"finish_reason":null}]})"
               "\n\n");
}

std::string last_chunks() {
  return chunk(R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,)"
               R"("delta":{},"finish_reason":"stop"}]})"
               "\n\ndata: [DONE]\n\n") +
         "0\r\n\r\n";
}

// The server: one thread, epoll, every connection a paced stream. Runs in the child process.
class PacedServer {
 public:
  PacedServer(int listener, int events, int pace_ms)
      : listener_(listener), events_(events), pace_ms_(pace_ms) {}

  [[noreturn]] void run() {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    watch(listener_, EPOLLIN);
    auto next_tick = Clock::now();
    std::vector<epoll_event> ready(512);
    for (;;) {
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_tick - Clock::now());
      const int n = ::epoll_wait(epoll_, ready.data(), static_cast<int>(ready.size()),
                                 static_cast<int>(std::max<std::int64_t>(wait.count(), 0)));
      for (int i = 0; i < n; ++i) {
        const int fd = ready[static_cast<std::size_t>(i)].data.fd;
        if (fd == listener_) {
          accept_all();
        } else if (auto it = connections_.find(fd); it != connections_.end()) {
          if (!it->second.streaming) read_request(fd, it->second);
          if (it->second.streaming) flush(fd, it->second);
        }
      }
      if (Clock::now() >= next_tick) {
        next_tick += std::chrono::milliseconds(pace_ms_);
        tick();
      }
    }
  }

 private:
  struct Connection {
    std::string request;
    std::string out;
    bool streaming = false;
    int sent_events = 0;
  };

  void watch(int fd, std::uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &event) != 0) {
      ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
    }
  }

  void accept_all() {
    for (;;) {
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      connections_[fd] = Connection{};
      watch(fd, EPOLLIN);
    }
  }

  void read_request(int fd, Connection& connection) {
    char buffer[8192];
    for (;;) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN)) return drop(fd);
      if (n < 0) break;
      connection.request.append(buffer, static_cast<std::size_t>(n));
    }
    const std::size_t end = connection.request.find("\r\n\r\n");
    if (end == std::string::npos) return;
    const std::size_t at = connection.request.find("Content-Length: ");
    const std::size_t length =
        at == std::string::npos ? 0
                                : std::strtoul(connection.request.c_str() + at + 16, nullptr, 10);
    if (connection.request.size() < end + 4 + length) return;
    connection.streaming = true;
    connection.out =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n";
  }

  void tick() {
    std::vector<int> fds;
    for (auto& [fd, connection] : connections_) {
      // A stream whose last event has not left yet waits: the client sets the pace then.
      if (!connection.streaming || !connection.out.empty()) continue;
      if (connection.sent_events < events_) {
        connection.out = event_chunk(connection.sent_events);
      } else {
        connection.out = last_chunks();
      }
      ++connection.sent_events;
      fds.push_back(fd);
    }
    for (const int fd : fds) {
      if (auto it = connections_.find(fd); it != connections_.end()) flush(fd, it->second);
    }
  }

  void flush(int fd, Connection& connection) {
    while (!connection.out.empty()) {
      const ssize_t n =
          ::send(fd, connection.out.data(), connection.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno == EAGAIN) return watch(fd, EPOLLIN | EPOLLOUT);
      if (n <= 0) return drop(fd);
      connection.out.erase(0, static_cast<std::size_t>(n));
    }
    if (connection.sent_events > events_) return drop(fd);  // The end is out: close.
    watch(fd, EPOLLIN);
  }

  void drop(int fd) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    connections_.erase(fd);
  }

  int listener_;
  int events_;
  int pace_ms_;
  int epoll_ = -1;
  std::map<int, Connection> connections_;
};

// Starts the server in a child process; returns its port.
int start_server(int events, int pace_ms, pid_t& child) {
  const tinychat::bench::LoopbackListener listener =
      tinychat::bench::listen_on_loopback("concurrency_bench server", SOCK_NONBLOCK, 4096);
  child = ::fork();
  if (child == 0) PacedServer(listener.descriptor, events, pace_ms).run();
  ::close(listener.descriptor);
  return listener.port;
}

double seconds(const rusage& usage) {
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// CPU of every thread but this one (which only posts, waits and samples memory): the loop
// thread's, where the transfers run and the events are decoded.
double loop_cpu_seconds() {
  rusage process{};
  rusage main_thread{};
  ::getrusage(RUSAGE_SELF, &process);
  ::getrusage(RUSAGE_THREAD, &main_thread);
  return seconds(process) - seconds(main_thread);
}

// Resident memory now, in KiB.
long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

struct Level {
  int streams = 0;
  double cpu_per_event_us = 0;
  double rss_per_stream_kib = 0;
  double wall_seconds = 0;
  int failed = 0;
  std::uint64_t events = 0;
};

Level run_level(int streams, int events, const std::string& base_url) {
  Level level;
  level.streams = streams;
  auto http = std::make_shared<tinychat::CurlSession>();
  tinychat::ProviderConfig config;
  config.name = "bench";
  config.family = tinychat::ApiFamily::openai;
  config.base_url = base_url;
  config.api_key = "bench-key";
  std::shared_ptr<const tinychat::Provider> provider = tinychat::make_provider(config);
  std::atomic<std::uint64_t> texts{0};
  std::vector<std::unique_ptr<tinychat::ChatSession>> chats;
  std::vector<tinychat::PendingReply> replies;
  const long rss_before = rss_kib();
  const double cpu_before = loop_cpu_seconds();
  const auto start = Clock::now();
  for (int i = 0; i < streams; ++i) {
    auto chat = std::make_unique<tinychat::ChatSession>(
        http, provider, tinychat::RequestOptions{"gpt-4o", "", std::nullopt, std::nullopt});
    tinychat::TurnPolicy policy;
    policy.keep_history = false;
    chat->set_turn_policy(policy);
    replies.push_back(chat->stream_response("bench", [&](std::span<const tinychat::Delta> deltas) {
      for (const tinychat::Delta& delta : deltas) {
        if (delta.kind == tinychat::DeltaKind::text) texts.fetch_add(1, std::memory_order_relaxed);
      }
    }));
    chats.push_back(std::move(chat));
  }
  // Memory while every stream is open: sampled until the first reply ends.
  long rss_peak = rss_kib();
  while (replies.front().wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
    rss_peak = std::max(rss_peak, rss_kib());
  }
  for (tinychat::PendingReply& reply : replies) {
    const tinychat::TurnResult result = reply.get();
    if (result.error) {
      if (level.failed++ == 0)
        std::fprintf(stderr, "stream failed: %s\n", result.error.message.c_str());
    }
  }
  level.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = loop_cpu_seconds() - cpu_before;
  level.events = texts.load();
  if (level.events != static_cast<std::uint64_t>(streams) * static_cast<std::uint64_t>(events)) {
    ++level.failed;
    std::fprintf(
        stderr, "%d streams: %llu of %llu events arrived\n", streams,
        static_cast<unsigned long long>(level.events),
        static_cast<unsigned long long>(streams) * static_cast<unsigned long long>(events));
  }
  level.cpu_per_event_us =
      cpu * 1e6 / static_cast<double>(std::max<std::uint64_t>(level.events, 1));
  level.rss_per_stream_kib = static_cast<double>(rss_peak - rss_before) / streams;
  return level;
}

std::vector<int> parse_list(const std::string& text) {
  std::vector<int> values;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    values.push_back(std::atoi(text.substr(at, comma - at).c_str()));
    at = comma + 1;
  }
  return values;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> levels{1, 10, 100, 1000};
  int events = 200;
  int pace_ms = 10;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : "";
    if (flag == "--check") {
      check = true;
      continue;
    }
    if (flag == "--streams") levels = parse_list(value);
    if (flag == "--events") events = std::clamp(std::atoi(value), 1, 1'000'000);
    if (flag == "--pace-ms") pace_ms = std::clamp(std::atoi(value), 1, 10'000);
    ++i;
  }
  // A socket per stream, and the server's end in the child: raise the open-file limit.
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &files);
  const int most = *std::max_element(levels.begin(), levels.end());
  if (files.rlim_cur < static_cast<rlim_t>(most) + 64) {
    std::fprintf(stderr, "the open-file limit (%llu) is too low for %d streams\n",
                 static_cast<unsigned long long>(files.rlim_cur), most);
    return 1;
  }

  // libcurl's and OpenSSL's one-time set-up, so that the first level does not carry it.
  { tinychat::CurlSession warm_up; }

  pid_t server = 0;
  const int port = start_server(events, pace_ms, server);
  const std::string base_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  std::printf("each stream: %d OpenAI events, one every %d ms (ideal wall time %.2f s)\n\n", events,
              pace_ms, events * pace_ms / 1000.0);
  std::printf(
      "| streams | loop CPU per event | × 1 stream | RSS per stream | wall | wall ÷ ideal |\n");
  std::printf("|---|---|---|---|---|---|\n");
  int failed = 0;
  double single = 0;
  for (const int streams : levels) {
    const Level level = run_level(streams, events, base_url);
    if (single == 0) single = level.cpu_per_event_us;
    failed += level.failed;
    const double ideal = events * pace_ms / 1000.0;
    std::printf("| %d | %.2f µs | %.2f | %.1f KiB | %.2f s | %.2f |\n", streams,
                level.cpu_per_event_us, level.cpu_per_event_us / single, level.rss_per_stream_kib,
                level.wall_seconds, level.wall_seconds / ideal);
    std::fflush(stdout);
  }
  ::kill(server, SIGTERM);
  ::waitpid(server, nullptr, 0);
  if (check && failed > 0) return 1;
  return 0;
}
