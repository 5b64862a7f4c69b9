// libFuzzer target for the config file reader: any bytes in config.json give settings or a
// config error, never a crash or an exception (a number like 1e999 used to abort tinychat), and
// an error never quotes a key.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "tinychat/settings.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

// An in-memory file: the reader takes a path, and a regular file is what it insists on.
const std::string& file_path(int& fd) {
  static const std::string path = [&] {
    fd = ::memfd_create("config.json", 0);
    check(fd >= 0);
    return "/proc/self/fd/" + std::to_string(fd);
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static int fd = -1;
  const std::string& path = file_path(fd);
  check(::ftruncate(fd, 0) == 0);
  check(::pwrite(fd, data, size, 0) == static_cast<ssize_t>(size));
  tinychat::Settings settings;
  const tinychat::Error error = tinychat::load_settings(path, settings);
  if (error) {
    check(error.code == tinychat::ErrorCode::config);
    // A key-shaped value from the input must never come back in the message.
    check(error.message.find("sk-fuzz-secret") == std::string::npos);
  }
  return 0;
}
