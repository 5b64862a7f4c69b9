#include "checked_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "commands.h"
#include "tinychat/terminal_text.h"

namespace tinychat::cli {

CheckedOutput::CheckedOutput(std::FILE* file)
    : file_(file), terminal_(::isatty(::fileno(file)) == 1) {}

bool CheckedOutput::write(std::string_view bytes) {
  if (failed()) return false;
  if (bytes.empty()) return true;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail();
  return !failed();
}

bool CheckedOutput::flush() {
  if (failed()) return false;
  if (std::fflush(file_) != 0 || std::ferror(file_) != 0) fail();
  return !failed();
}

bool CheckedOutput::write_received(std::string_view text) {
  if (!terminal_) return write(text);
  scratch_.clear();
  append_terminal_safe(scratch_, text);
  return write(scratch_);
}

bool CheckedOutput::reader_gone() const { return error() == EPIPE; }

int CheckedOutput::finish(int status, std::string_view what) {
  flush();
  if (reader_gone()) return kExitReaderGone;
  if (failed()) {
    std::string message = "could not write ";
    message.append(what).append(" to standard output: ").append(std::strerror(error()));
    report(message);
    return kExitReplyFailed;
  }
  return status;
}

void CheckedOutput::fail() {
  // errno from the failed call; a stream in error state without one still failed.
  int expected = 0;
  error_.compare_exchange_strong(expected, errno != 0 ? errno : EIO, std::memory_order_acq_rel);
}

std::string write_failure_message(int error_number) {
  return std::string("could not write the answer to standard output: ") +
         std::strerror(error_number);
}

void report(std::string_view message) {
  std::string line = "tinychat: ";
  append_terminal_safe(line, message);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace tinychat::cli
