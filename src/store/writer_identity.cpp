#include "writer_identity.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>

namespace tinychat::store {

namespace {

// The first 4 KiB of a file of /proc, which is all of the two read here. With read(2) rather
// than a stream: an ifstream and an istringstream cost a one-shot prompt 0.1 ms of CPU (150,000
// instructions, callgrind), most of it setting up their locales.
std::string read_small_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::array<char, 4096> buffer;
  std::size_t filled = 0;
  while (filled < buffer.size()) {
    const ssize_t got = ::read(fd, buffer.data() + filled, buffer.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    filled += static_cast<std::size_t>(got);
  }
  ::close(fd);
  return std::string(buffer.data(), filled);
}

// Read once: it changes only with a reboot, and every read of a streaming answer asks for it.
const std::string& boot_id() {
  static const std::string id = [] {
    std::string text = read_small_file("/proc/sys/kernel/random/boot_id");
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
  }();
  return id;
}

// Field 22 of /proc/<pid>/stat, the process's start time; empty when the process is gone. The
// fields are counted after the last ')', since the command name (field 2) may hold spaces and
// parentheses.
std::string start_time(int pid) {
  const std::string stat = read_small_file("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos) return {};
  std::string_view rest = std::string_view(stat).substr(name_end + 1);
  for (int number = 3; number <= 22; ++number) {
    const std::size_t start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos) return {};
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find_first_of(" \n"), rest.size());
    if (number == 22) return std::string(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  return {};
}

}  // namespace

std::string writer_identity_of(int pid) {
  return boot_id() + "/" + std::to_string(pid) + "/" + start_time(pid);
}

const std::string& this_writer() {
  // Per thread, so no lock is needed; keyed by pid, so that a child made by fork() does not pass
  // for its parent.
  thread_local int pid = 0;
  thread_local std::string identity;
  if (const int current = static_cast<int>(::getpid()); current != pid) {
    identity = writer_identity_of(current);
    pid = current;
  }
  return identity;
}

bool writer_alive(std::string_view writer) {
  const std::size_t first = writer.find('/');
  const std::size_t second = writer.find('/', first == std::string_view::npos ? 0 : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return false;
  int pid = 0;
  const std::string_view pid_text = writer.substr(first + 1, second - first - 1);
  if (std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid).ec != std::errc{} ||
      pid <= 0) {
    return false;
  }
  if (writer.substr(0, first) != boot_id()) return false;  // written before a reboot
  const std::string started = start_time(pid);
  if (!started.empty()) return writer.substr(second + 1) == started;
  // No /proc (an unusual sandbox): fall back on whether the pid exists at all.
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

}  // namespace tinychat::store
