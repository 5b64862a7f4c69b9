#include "writer_identity.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>

namespace tinychat::store {

namespace {

std::string read_small_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
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
  std::istringstream fields(stat.substr(name_end + 1));
  std::string field;
  for (int number = 3; number <= 22 && (fields >> field); ++number) {
    if (number == 22) return field;
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
