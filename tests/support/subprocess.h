#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace tinychat::testing {

/// A program run by a test, with its own environment and pipes for all three streams.
/// The destructor kills it if it is still running.
class Subprocess {
 public:
  /// Starts `argv[0]` with exactly `environment` (nothing inherited) and `stdin_data` written to
  /// its standard input, which is then closed. `stdin_is_null` gives it /dev/null instead (as
  /// when run with no input at all).
  Subprocess(std::vector<std::string> argv, std::map<std::string, std::string> environment,
             std::string stdin_data = {}, bool stdin_is_null = false);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  /// Reads standard output until it contains `text` or `timeout` passes; true if it does.
  bool wait_for_stdout(const std::string& text, std::chrono::milliseconds timeout);
  /// The same for standard error.
  bool wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout);
  /// Waits for the exit (killing the program after `timeout`) and collects the rest of the
  /// output. Returns the exit status, or -1 if it was killed or died of a signal.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// Sends a signal (e.g. SIGINT).
  void signal(int number);

  const std::string& out() const { return stdout_; }
  const std::string& err() const { return stderr_; }

 private:
  // Reads what is available from stdout and stderr, waiting at most `timeout`.
  void pump(std::chrono::milliseconds timeout);
  bool wait_for(const std::string& output, const std::string& text,
                std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string stdout_;
  std::string stderr_;
  int status_ = -1;
  bool exited_ = false;
};

}  // namespace tinychat::testing
