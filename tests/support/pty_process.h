#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace tinychat::testing {

/// A program run by a test on a real pseudo-terminal, as a person runs it: its standard input,
/// output and error are the terminal (isatty is true), of the given size. What it writes is
/// collected exactly as the terminal received it (the line discipline turns "\n" into "\r\n").
/// The destructor kills it if it is still running.
class PtyProcess {
 public:
  PtyProcess(std::vector<std::string> argv, std::map<std::string, std::string> environment,
             unsigned short columns = 80, unsigned short rows = 24);
  ~PtyProcess();
  PtyProcess(const PtyProcess&) = delete;
  PtyProcess& operator=(const PtyProcess&) = delete;

  /// Types `text` (as keystrokes: "\x03" is Ctrl-C, "\x04" Ctrl-D on an empty line).
  void type(const std::string& text);
  /// Resizes the terminal, as a person resizing the window: the program gets SIGWINCH.
  void resize(unsigned short columns, unsigned short rows);
  /// Reads until the output contains `text` or `timeout` passes; true if it does.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout);
  /// Waits for the exit (killing the program after `timeout`) and collects the rest of the
  /// output. Returns the exit status, or -1 if it was killed or died of a signal.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// Everything the program wrote to the terminal so far.
  const std::string& output() const { return output_; }

 private:
  void pump(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int master_ = -1;
  std::string output_;
  bool exited_ = false;
};

}  // namespace tinychat::testing
