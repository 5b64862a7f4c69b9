#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "checked_output.h"
#include "commands.h"
#include "tinychat/sse_parser.h"

namespace tinychat::cli {

int run_sse(const std::string& file) {
  const bool from_stdin = file.empty() || file == "-";
  const int fd = from_stdin ? STDIN_FILENO : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    report("cannot open " + file + ": " + std::strerror(errno));
    return kExitUsage;
  }
  SseParser parser;
  std::string lines;
  auto print_event = [&lines](const SseEvent& event) {
    // Insertion order keeps the fields as documented: event, data, id.
    const nlohmann::ordered_json object{
        {"event", event.type}, {"data", event.data}, {"id", event.id}};
    lines += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    lines += '\n';
    return true;
  };
  char buffer[65536];
  int status = kExitOk;
  CheckedOutput output(stdout);
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      report("cannot read " + (from_stdin ? std::string("standard input") : file) + ": " +
             std::strerror(errno));
      status = kExitReplyFailed;
      break;
    }
    if (n == 0) break;
    if (Error error = parser.feed({buffer, static_cast<std::size_t>(n)}, print_event)) {
      report(error.message);
      status = kExitReplyFailed;
    }
    // Events appear as they are dispatched, one read at a time (curl -N ... | tinychat sse).
    output.write(lines);
    lines.clear();
    if (!output.flush()) break;
  }
  parser.finish();
  if (!from_stdin) ::close(fd);
  return output.finish(status, "the events");
}

}  // namespace tinychat::cli
