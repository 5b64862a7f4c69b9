#include "private_output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tinychat::cli {

namespace {

std::string system_error(const char* what) {
  std::string message = what;
  message += ": ";
  message += std::strerror(errno);
  return message;
}

std::string write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return system_error("cannot be written");
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

}  // namespace

std::string write_private_file(const std::filesystem::path& path, std::string_view bytes,
                               bool replace) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return "is a folder";
    if (!replace) return "exists already (--force replaces it)";
    if (!S_ISREG(info.st_mode)) return "is not a regular file, which an export could replace";
  }
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  // In the same folder, so that rename is atomic (same file system). Appended rather than
  // "." + name: GCC 12 warns falsely on the latter (its bug 105651).
  std::string temp_name = ".";
  temp_name += path.filename().string();
  temp_name += ".XXXXXX";
  std::string temp = (folder / temp_name).string();
  // mkstemp makes the file 0600 from its first moment.
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return system_error("cannot be created");
  std::string problem;
  if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) problem = system_error("cannot be made private");
  if (problem.empty()) problem = write_all(fd, bytes);
  if (problem.empty() && ::fsync(fd) != 0) problem = system_error("cannot be written");
  // close can report a failed write-back (NFS, a full disk).
  if (::close(fd) != 0 && problem.empty()) problem = system_error("cannot be written");
  // Without --force, link() refuses an existing name atomically, where rename would replace a
  // file made since the check above.
  if (problem.empty()) {
    const int moved =
        replace ? ::rename(temp.c_str(), path.c_str()) : ::link(temp.c_str(), path.c_str());
    if (moved != 0) {
      problem = errno == EEXIST ? "exists already (--force replaces it)"
                                : system_error("cannot be written");
    }
  }
  if (!replace || !problem.empty()) ::unlink(temp.c_str());
  return problem;
}

}  // namespace tinychat::cli
