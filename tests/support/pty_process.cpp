#include "support/pty_process.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace tinychat::testing {

PtyProcess::PtyProcess(std::vector<std::string> argv,
                       std::map<std::string, std::string> environment, unsigned short columns,
                       unsigned short rows) {
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : environment) env_strings.push_back(name + "=" + value);
  std::vector<char*> args, envs;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  for (std::string& e : env_strings) envs.push_back(e.data());
  envs.push_back(nullptr);

  winsize size{};
  size.ws_col = columns;
  size.ws_row = rows;
  pid_ = ::forkpty(&master_, nullptr, nullptr, &size);
  if (pid_ < 0) throw std::runtime_error("forkpty failed");
  if (pid_ == 0) {
    ::execve(args[0], args.data(), envs.data());
    std::_Exit(127);
  }
  ::fcntl(master_, F_SETFD, FD_CLOEXEC);
}

PtyProcess::~PtyProcess() {
  if (!exited_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (master_ >= 0) ::close(master_);
}

void PtyProcess::type(const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(master_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
}

void PtyProcess::pump(std::chrono::milliseconds timeout) {
  if (master_ < 0) return;
  pollfd fd{master_, POLLIN, 0};
  if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) return;
  char buffer[65536];
  const ssize_t n = ::read(master_, buffer, sizeof buffer);
  if (n > 0) {
    output_.append(buffer, static_cast<std::size_t>(n));
  } else if (n == 0 || errno != EINTR) {
    // EIO: every process on the terminal has closed it.
    ::close(master_);
    master_ = -1;
  }
}

void PtyProcess::resize(unsigned short columns, unsigned short rows) {
  winsize size{};
  size.ws_col = columns;
  size.ws_row = rows;
  if (master_ >= 0) ::ioctl(master_, TIOCSWINSZ, &size);
}

bool PtyProcess::wait_for_output(const std::string& text, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (output_.find(text) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || master_ < 0) return false;
    pump(std::min(left, std::chrono::milliseconds(50)));
  }
  return true;
}

int PtyProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    pump(std::chrono::milliseconds(20));
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
  }
  exited_ = true;
  // What it wrote just before exiting is still in the terminal's buffer.
  for (int i = 0; i < 50 && master_ >= 0; ++i) pump(std::chrono::milliseconds(10));
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace tinychat::testing
