#include "support/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace tinychat::testing {

namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

Subprocess::Subprocess(std::vector<std::string> argv,
                       std::map<std::string, std::string> environment, std::string stdin_data,
                       bool stdin_is_null) {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : environment) env_strings.push_back(name + "=" + value);
  std::vector<char*> args, envs;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  for (std::string& e : env_strings) envs.push_back(e.data());
  envs.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ == 0) {
    if (stdin_is_null) {
      const int null_fd = ::open("/dev/null", O_RDONLY);
      ::dup2(null_fd, STDIN_FILENO);
    } else {
      ::dup2(in[0], STDIN_FILENO);
    }
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    ::execve(args[0], args.data(), envs.data());
    std::_Exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  // The inputs of these tests are small: they fit in the pipe's buffer, so writing them all
  // before reading cannot deadlock.
  ::signal(SIGPIPE, SIG_IGN);
  std::size_t written = 0;
  while (!stdin_is_null && written < stdin_data.size()) {
    const ssize_t n = ::write(in[1], stdin_data.data() + written, stdin_data.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(in[1]);
  stdout_fd_ = out[0];
  stderr_fd_ = err[0];
}

Subprocess::~Subprocess() {
  if (!exited_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
}

void Subprocess::pump(std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{stdout_fd_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
  if (::poll(fds, 2, static_cast<int>(timeout.count())) <= 0) return;
  char buffer[65536];
  int* fd_of[2] = {&stdout_fd_, &stderr_fd_};
  std::string* text_of[2] = {&stdout_, &stderr_};
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    const ssize_t n = ::read(*fd_of[i], buffer, sizeof buffer);
    if (n > 0) {
      text_of[i]->append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      close_fd(*fd_of[i]);
    }
  }
}

bool Subprocess::wait_for_stdout(const std::string& text, std::chrono::milliseconds timeout) {
  return wait_for(stdout_, text, timeout);
}

bool Subprocess::wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout) {
  return wait_for(stderr_, text, timeout);
}

// `output` is stdout_ or stderr_, which pump() fills.
bool Subprocess::wait_for(const std::string& output, const std::string& text,
                          std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (output.find(text) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || (stdout_fd_ < 0 && stderr_fd_ < 0)) return false;
    pump(std::min(left, std::chrono::milliseconds(50)));
  }
  return true;
}

int Subprocess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (stdout_fd_ >= 0 || stderr_fd_ >= 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      break;
    }
    pump(std::chrono::milliseconds(50));
  }
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exited_ = true;
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return status_;
}

void Subprocess::signal(int number) { ::kill(pid_, number); }

}  // namespace tinychat::testing
