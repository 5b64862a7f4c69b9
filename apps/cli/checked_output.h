#pragma once

#include <atomic>
#include <cstdio>
#include <string>
#include <string_view>

namespace tinychat::cli {

/// A stream that the answer goes to (standard output), with every write and flush checked: an
/// answer that did not reach its file must never be reported as success (a full disk, /dev/full,
/// a closed descriptor).
class CheckedOutput {
 public:
  explicit CheckedOutput(std::FILE* file);

  /// Writes `bytes` (buffered). False once any write or flush has failed; later ones are skipped.
  bool write(std::string_view bytes);
  /// Writes text that came from the network (an answer, a stored conversation): on a terminal
  /// with its control sequences made visible (terminal_safe), elsewhere the exact bytes, since
  /// people redirect answers into files.
  bool write_received(std::string_view text);
  /// Flushes what is buffered. False once any write or flush has failed.
  bool flush();

  /// Whether a write or flush failed (safe to ask from another thread).
  bool failed() const { return error_.load(std::memory_order_acquire) != 0; }
  /// The errno of the first failure, 0 when none.
  int error() const { return error_.load(std::memory_order_acquire); }
  /// The reader went away (`| head`): not worth a message, as for any Unix filter.
  bool reader_gone() const;
  bool is_terminal() const { return terminal_; }
  std::FILE* file() const { return file_; }

  /// Flushes, then gives the exit status: `status` when all was written, kExitReaderGone when
  /// the reader went away, else kExitReplyFailed after reporting "could not write WHAT to standard
  /// output: REASON".
  int finish(int status, std::string_view what);

 private:
  void fail();

  std::FILE* file_;
  bool terminal_;
  std::atomic<int> error_{0};
  std::string scratch_;  // cleaned text, reused across writes
};

/// "could not write the answer to standard output: No space left on device".
std::string write_failure_message(int error_number);

/// Writes "tinychat: MESSAGE" and a newline to standard error, with control sequences made
/// visible (terminal_safe): messages quote servers, and servers must not drive the terminal.
void report(std::string_view message);

/// The exit status of a process killed by SIGPIPE, which shells show for `tinychat | head`.
inline constexpr int kExitReaderGone = 128 + 13;

}  // namespace tinychat::cli
