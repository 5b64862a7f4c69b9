#include "checked_output.h"

#include <cerrno>
#include <cstring>

#include "tinychat/terminal_text.h"

namespace tinychat::cli {

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

bool CheckedOutput::reader_gone() const { return error() == EPIPE; }

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
