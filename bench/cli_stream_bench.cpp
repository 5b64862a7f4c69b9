// End-to-end cost of streaming, measured on the real `tinychat` binary: a server thread in this
// process streams N OpenAI-format events over 127.0.0.1 as fast as the socket takes them, and
// the CLI runs as a child process whose CPU time (user + system, from wait4) is divided by N.
// The same is done for `curl -N` as the floor for receiving the bytes at all, in turns with the
// CLI's runs (and with another build's, given --other PATH). Then a Markdown answer on a
// terminal (a pty of 100 x 40 that this process drains), rendered and --raw. Then start-up plus
// a one-event answer, as wall time.
//
// The server sends one HTTP chunk per event, as the APIs do (so libcurl calls back once per
// event); --chunk-bytes N sends fixed-size chunks instead.
//
//   build/bench/cli_stream_bench [--events N] [--runs R] [--cli PATH] [--other PATH]
//                                [--chunk-bytes N]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench_statistics.h"
#include "loopback_listener.h"

namespace {

// The content of event `i`: words, or Markdown (`markdown`): paragraphs of about 60 words with
// bold and inline code, a list and a heading now and then.
std::string event_content(int i, bool markdown) {
  if (!markdown) return " tok" + std::to_string(i % 1000);
  if (i % 300 == 0) return "\\n\\n## Part " + std::to_string(i / 300) + "\\n\\n";
  if (i % 60 == 0) return i % 120 == 0 ? "\\n\\n- item " : "\\n\\n";
  if (i % 11 == 0) return " **bold**";
  if (i % 17 == 0) return " `code`";
  return " word" + std::to_string(i % 100);
}

std::string openai_stream(int events, bool markdown = false) {
  std::string body;
  const std::string head =
      R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,)"
      R"("model":"gpt-4o-2024-08-06","system_fingerprint":"fp_x","choices":[{"index":0,"delta":)";
  body += head +
          R"({"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}

)";
  for (int i = 0; i < events; ++i) {
    body += head + R"({"content":")" + event_content(i, markdown) +
            R"("},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"Ab3x"}

)";
  }
  body += head + R"({},"logprobs":null,"finish_reason":"stop"}],"usage":null}

)";
  body +=
      R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":)" +
      std::to_string(events) + R"(,"total_tokens":)" + std::to_string(events + 5) + R"(}}

data: [DONE]

)";
  return body;
}

// Serves `body` as a chunked text/event-stream reply to every request, until stopped.
class StreamServer {
 public:
  StreamServer(std::string body, std::size_t chunk_bytes)
      : body_(std::move(body)), chunk_bytes_(chunk_bytes) {
    const tinychat::bench::LoopbackListener listener =
        tinychat::bench::listen_on_loopback("bench server", 0, 16);
    listener_ = listener.descriptor;
    port_ = listener.port;
    thread_ = std::thread([this] { serve(); });
  }
  ~StreamServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  void serve() {
    while (!stopping_) {
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      // The request: headers, then Content-Length bytes of body.
      std::string request;
      char buffer[8192];
      std::size_t header_end = std::string::npos;
      std::size_t wanted = 0;
      while (true) {
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
        if (header_end == std::string::npos &&
            (header_end = request.find("\r\n\r\n")) != std::string::npos) {
          const auto at = request.find("Content-Length: ");
          wanted =
              header_end + 4 +
              (at == std::string::npos ? 0 : std::strtoul(request.c_str() + at + 16, nullptr, 10));
        }
        if (header_end != std::string::npos && request.size() >= wanted) break;
      }
      std::string reply =
          "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
          "Connection: close\r\n\r\n";
      // Like the APIs: one HTTP chunk per event (chunk_bytes_ 0), or fixed-size chunks.
      for (std::size_t at = 0; at < body_.size();) {
        std::size_t n = chunk_bytes_ > 0 ? chunk_bytes_ : body_.find("\n\n", at) + 2 - at;
        n = std::min(n, body_.size() - at);
        char size_line[32];
        std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
        reply += size_line;
        reply.append(body_, at, n);
        reply += "\r\n";
        at += n;
      }
      reply += "0\r\n\r\n";
      for (std::size_t sent = 0; sent < reply.size();) {
        const ssize_t n = ::send(client, reply.data() + sent, reply.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::close(client);
    }
  }

  std::string body_;
  std::size_t chunk_bytes_;  // 0: one chunk per event
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// Answers every request with the role chunk at once, then, after `delay`, one content event
// (remembering when it left), then 20 ms later the end: the time to the first token is measured
// from there.
class DelayedServer {
 public:
  explicit DelayedServer(std::chrono::milliseconds delay) : delay_(delay) {
    const tinychat::bench::LoopbackListener listener =
        tinychat::bench::listen_on_loopback("bench server", 0, 16);
    listener_ = listener.descriptor;
    port_ = listener.port;
    thread_ = std::thread([this] { serve(); });
  }
  ~DelayedServer() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  int port() const { return port_; }
  std::chrono::steady_clock::time_point sent_at() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(sent_at_.load()));
  }

 private:
  static std::string chunk(const std::string& event) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", event.size());
    return size + event + "\r\n";
  }
  void serve() {
    for (;;) {
      const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      std::string request;
      char buffer[8192];
      while (request.find("\r\n\r\n") == std::string::npos ||
             request.size() < request.find("\r\n\r\n") + 4 + content_length(request)) {
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      const int one = 1;
      ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      send_all(client,
               "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: "
               "chunked\r\nConnection: close\r\n\r\n" +
                   chunk("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                         "\"content\":\"\"},\"finish_reason\":null}]}\n\n"));
      std::this_thread::sleep_for(delay_);
      sent_at_ = std::chrono::steady_clock::now().time_since_epoch().count();
      send_all(client, chunk("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                             "\"Hello\"},\"finish_reason\":null}]}\n\n"));
      // The next event comes later, as a model's next token would: the first one must not
      // wait for it (nor for the end of the reply, processed in the same pass of the loop).
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      send_all(client, chunk("data: {\"choices\":[{\"index\":0,\"delta\":{},"
                             "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n") +
                           "0\r\n\r\n");
      ::close(client);
    }
  }
  static std::size_t content_length(const std::string& request) {
    const auto at = request.find("Content-Length: ");
    return at == std::string::npos ? 0 : std::strtoul(request.c_str() + at + 16, nullptr, 10);
  }
  static void send_all(int fd, const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  std::chrono::milliseconds delay_;
  std::atomic<std::chrono::steady_clock::rep> sent_at_{0};
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

struct ChildCost {
  double cpu_seconds = 0;
  double wall_seconds = 0;
  double page_faults = 0;  // minor: first touches of memory
  int status = -1;
};

// In the forked child: the bench's config folder, conversation store (never the user's) and key,
// then argv in place of this process.
[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::string& config_home) {
  ::setenv("XDG_CONFIG_HOME", config_home.c_str(), 1);
  ::setenv("TINYCHAT_DB", (config_home + "/bench.db").c_str(), 1);
  ::setenv("OPENAI_API_KEY", "bench-key", 1);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  std::_Exit(127);
}

// What wait4 said of a child started at `start`.
ChildCost cost_of(int status, const rusage& usage, std::chrono::steady_clock::time_point start) {
  ChildCost cost;
  cost.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cost.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  cost.page_faults = static_cast<double>(usage.ru_minflt);
  cost.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return cost;
}

// Runs argv with stdout to /dev/null and an empty config folder; returns its own CPU time.
ChildCost run_child(const std::vector<std::string>& argv, const std::string& config_home) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(devnull, STDOUT_FILENO);
    exec_child(argv, config_home);
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  return cost_of(status, usage, start);
}

// Runs argv on a new pseudo-terminal (standard output and error; input /dev/null), as a person
// runs it, draining what it writes; returns its own CPU time.
ChildCost run_child_on_terminal(const std::vector<std::string>& argv,
                                const std::string& config_home) {
  int master = -1;
  int slave = -1;
  winsize size{};
  size.ws_col = 100;
  size.ws_row = 40;
  if (::openpty(&master, &slave, nullptr, nullptr, &size) != 0) {
    std::perror("openpty");
    std::exit(1);
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    ::ioctl(slave, TIOCSCTTY, 0);
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(slave, STDOUT_FILENO);
    ::dup2(slave, STDERR_FILENO);
    ::close(master);
    ::setenv("TERM", "xterm-256color", 1);
    ::unsetenv("NO_COLOR");
    exec_child(argv, config_home);
  }
  ::close(slave);
  // The terminal's reader: everything is read and dropped, as fast as it comes.
  std::thread drain([master] {
    char buffer[65536];
    while (::read(master, buffer, sizeof buffer) > 0) {
    }
  });
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  drain.join();  // read() fails with EIO once the child, the last holder of the slave, is gone
  ::close(master);
  return cost_of(status, usage, start);
}

// When the first word ("Hello") reached the program's standard output (read through a pipe; curl
// writes the role chunk before it), and when the program was started.
struct FirstOutput {
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point first_byte;
  int status = -1;
};

FirstOutput run_child_until_output(const std::vector<std::string>& argv,
                                   const std::string& config_home) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) std::exit(1);
  FirstOutput result;
  result.started = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    exec_child(argv, config_home);
  }
  ::close(out[1]);
  char buffer[4096];
  std::string seen;
  bool found = false;
  while (true) {
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    if (found) continue;
    seen.append(buffer, static_cast<std::size_t>(n));
    if (seen.find("Hello") != std::string::npos) {
      result.first_byte = std::chrono::steady_clock::now();
      found = true;
    }
  }
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

using tinychat::bench::median;

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1,
                         static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  int events = 100'000;
  int runs = 7;
  std::size_t chunk_bytes = 0;
  std::string cli = TINYCHAT_CLI_PATH;
  std::string other;  // Another build to compare with, e.g. the previous commit's.
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--events") events = std::atoi(argv[i + 1]);
    if (flag == "--runs") runs = std::atoi(argv[i + 1]);
    if (flag == "--cli") cli = argv[i + 1];
    if (flag == "--other") other = argv[i + 1];
    if (flag == "--chunk-bytes") chunk_bytes = std::strtoul(argv[i + 1], nullptr, 10);
  }
  runs = std::clamp(runs, 1, 100);
  events = std::clamp(events, 1, 10'000'000);
  const std::string config_home =
      (std::filesystem::temp_directory_path() / ("tinychat-bench-" + std::to_string(::getpid())))
          .string();
  std::filesystem::create_directories(config_home);

  const std::string body = openai_stream(events);
  StreamServer server(body, chunk_bytes);
  const std::string base_url = "http://127.0.0.1:" + std::to_string(server.port()) + "/v1";
  std::printf("stream: %d OpenAI chat.completion.chunk events, %.1f MB, %s, %d runs each\n", events,
              static_cast<double>(body.size()) / 1e6,
              chunk_bytes > 0 ? (std::to_string(chunk_bytes) + "-byte chunks").c_str()
                              : "one chunk per event",
              runs);

  // Recorded (the default), with -n and curl -N, in turns so that all see the same machine; with
  // --other, another build's -n and recorded runs take their turns too.
  struct Column {
    std::string name;
    std::vector<std::string> args;
    std::vector<double> cpu, wall, faults;
    std::optional<std::size_t> unrecorded;  // A recorded column's -n twin: what recording costs.
  };
  std::vector<Column> columns;
  const auto add_column = [&columns](std::string name, std::vector<std::string> args) {
    columns.emplace_back();
    columns.back().name = std::move(name);
    columns.back().args = std::move(args);
    return columns.size() - 1;
  };
  for (const std::string& binary : {cli, other}) {
    if (binary.empty()) continue;
    const std::string who = binary == cli ? "tinychat" : binary;
    const std::size_t unrecorded =
        add_column(who + " -n (not recorded)",
                   {binary, "-n", "--base-url", base_url, "-m", "gpt-4o", "bench"});
    // A store of each build's own: how one build keeps its log must not cost the other.
    const std::string store = config_home + (binary == cli ? "/bench.db" : "/bench-other.db");
    const std::size_t recorded =
        add_column(who + " (recorded in the store)",
                   {binary, "--db", store, "--base-url", base_url, "-m", "gpt-4o", "bench"});
    columns[recorded].unrecorded = unrecorded;
  }
  if (std::filesystem::exists("/usr/bin/curl")) {
    add_column("curl -N (receive only, the floor)", {"/usr/bin/curl", "-s", "-N", "-o", "/dev/null",
                                                     "-d", "{}", base_url + "/chat/completions"});
  }
  for (int r = 0; r < runs; ++r) {
    for (Column& column : columns) {
      const ChildCost cost = run_child(column.args, config_home);
      if (cost.status != 0) {
        std::fprintf(stderr, "%s exited with %d\n", column.args[0].c_str(), cost.status);
        return 1;
      }
      column.cpu.push_back(cost.cpu_seconds);
      column.wall.push_back(cost.wall_seconds);
      column.faults.push_back(cost.page_faults);
    }
  }
  for (const Column& column : columns) {
    std::printf(
        "%s: %.3f us CPU per event (median; user+sys %.1f ms), wall %.1f ms, %.0f page faults",
        column.name.c_str(), median(column.cpu) / events * 1e6, median(column.cpu) * 1e3,
        median(column.wall) * 1e3, median(column.faults));
    if (column.unrecorded) {
      // Each run against its -n twin of the same turn: the machine's drift between turns (a
      // few ms on a VM) cancels out, where a difference of two medians keeps it.
      const Column& unrecorded = columns[*column.unrecorded];
      std::vector<double> extra;
      for (std::size_t r = 0; r < column.cpu.size(); ++r) {
        extra.push_back(column.cpu[r] - unrecorded.cpu[r]);
      }
      std::printf(": %+.1f%% CPU (%+.2f ms a run, median of the runs against their -n twins)",
                  median(extra) / median(unrecorded.cpu) * 100, median(extra) * 1e3);
    }
    std::printf("\n");
  }

  // A Markdown answer on a terminal: rendered (the default there) against --raw, alternating.
  {
    StreamServer markdown_server(openai_stream(events, true), chunk_bytes);
    const std::string markdown_url =
        "http://127.0.0.1:" + std::to_string(markdown_server.port()) + "/v1";
    std::vector<double> rendered_cpu, raw_cpu;
    for (int r = 0; r < runs; ++r) {
      for (const bool raw : {false, true}) {
        std::vector<std::string> args{cli, "-n", "--base-url", markdown_url, "-m", "gpt-4o", "md"};
        if (raw) args.insert(args.begin() + 1, "--raw");
        const ChildCost cost = run_child_on_terminal(args, config_home);
        if (cost.status != 0) {
          std::fprintf(stderr, "tinychat on a terminal exited with %d\n", cost.status);
          return 1;
        }
        (raw ? raw_cpu : rendered_cpu).push_back(cost.cpu_seconds);
      }
    }
    std::printf(
        "Markdown answer on a 100x40 terminal: rendered %.3f us CPU per event, --raw %.3f us "
        "(medians): %+.3f us per event\n",
        median(rendered_cpu) / events * 1e6, median(raw_cpu) / events * 1e6,
        (median(rendered_cpu) - median(raw_cpu)) / events * 1e6);
  }

  // Start-up plus a one-event answer: the whole process, as a user waits for it.
  StreamServer small(openai_stream(1), 0);
  const std::string small_url = "http://127.0.0.1:" + std::to_string(small.port()) + "/v1";
  for (const bool record : {false, true}) {
    std::vector<double> startup;
    for (int r = 0; r < 30; ++r) {
      std::vector<std::string> args{cli, "--base-url", small_url, "-m", "gpt-4o", "hi"};
      if (!record) args.insert(args.begin() + 1, "-n");
      const ChildCost cost = run_child(args, config_home);
      if (cost.status != 0) {
        std::fprintf(stderr, "tinychat exited with %d\n", cost.status);
        return 1;
      }
      startup.push_back(cost.wall_seconds);
    }
    std::printf("start-up + one-event answer%s: %.2f ms wall (median of 30), p90 %.2f ms\n",
                record ? ", recorded" : " (-n)", median(startup) * 1e3,
                percentile(startup, 0.9) * 1e3);
  }
  // Time to the first token: the server answers at once with the role chunk, then sends the
  // first word after 50 ms. Measured from the moment it left the server to the moment the
  // program's standard output (a pipe) had it, and from the program's start less the 50 ms.
  constexpr auto kDelay = std::chrono::milliseconds(50);
  DelayedServer delayed(kDelay);
  const std::string delayed_url = "http://127.0.0.1:" + std::to_string(delayed.port()) + "/v1";
  struct Client {
    const char* name;
    std::vector<std::string> argv;
  };
  std::vector<Client> clients{
      {"tinychat -n", {cli, "-n", "--base-url", delayed_url, "-m", "gpt-4o", "hi"}}};
  if (std::filesystem::exists("/usr/bin/curl")) {
    clients.push_back(
        {"curl -N", {"/usr/bin/curl", "-s", "-N", "-d", "{}", delayed_url + "/chat/completions"}});
  }
  for (const Client& client : clients) {
    std::vector<double> after_send, over_delay;
    for (int r = 0; r < 20; ++r) {
      const FirstOutput output = run_child_until_output(client.argv, config_home);
      if (output.status != 0) {
        std::fprintf(stderr, "%s exited with %d\n", client.name, output.status);
        return 1;
      }
      after_send.push_back(
          std::chrono::duration<double>(output.first_byte - delayed.sent_at()).count());
      over_delay.push_back(
          std::chrono::duration<double>(output.first_byte - output.started - kDelay).count());
    }
    std::printf(
        "%s, first token: %.2f ms after the server sent it, %.2f ms from the start over the "
        "server's 50 ms (medians of 20)\n",
        client.name, median(after_send) * 1e3, median(over_delay) * 1e3);
  }
  std::filesystem::remove_all(config_home);
  return 0;
}
