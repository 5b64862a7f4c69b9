#include "private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "tinychat/private_file.h"

namespace tinychat::config {

namespace {

std::error_code last_error() { return {errno, std::system_category()}; }

std::error_code write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return last_error();
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// Syncs the folder so that the rename itself survives a crash. Best effort: some file systems
// refuse to fsync a folder, and the file's own bytes are already safe.
void sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

class FileProblemCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "config file"; }
  std::string message(int problem) const override {
    switch (static_cast<FileProblem>(problem)) {
      case FileProblem::not_regular:
        return "is not a regular file (a pipe, a device or a socket cannot hold settings)";
      case FileProblem::too_large:
        return "is larger than " + std::to_string(kMaxConfigFileBytes >> 20) +
               " MiB, which no config file is";
    }
    return "cannot be used";
  }
};

}  // namespace

std::error_code make_error_code(FileProblem problem) {
  static const FileProblemCategory category;
  return {static_cast<int>(problem), category};
}

namespace {

// Opens `path` for reading when it is a regular file (or a link to one) of at most `max_bytes`;
// the descriptor is the caller's to close.
std::error_code open_regular_file(const std::filesystem::path& path, std::size_t max_bytes,
                                  int& fd) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return last_error();
  std::error_code error;
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    error = last_error();
  } else if (S_ISDIR(info.st_mode)) {
    error = std::make_error_code(std::errc::is_a_directory);
  } else if (!S_ISREG(info.st_mode)) {
    error = FileProblem::not_regular;
  } else if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    error = FileProblem::too_large;
  }
  if (error) {
    ::close(fd);
    fd = -1;
  }
  return error;
}

// Reads the open file piece by piece, calling `take(piece)` until it returns false or the
// file ends. The file may grow after it was opened; `max_bytes` holds all the same.
template <typename Take>
std::error_code read_pieces(int fd, std::size_t max_bytes, Take&& take) {
  std::error_code error;
  std::size_t total = 0;
  char buffer[8192];
  while (!error) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = last_error();
    if (n <= 0) break;
    total += static_cast<std::size_t>(n);
    if (total > max_bytes) {
      error = FileProblem::too_large;
    } else if (!take(std::string_view(buffer, static_cast<std::size_t>(n)))) {
      break;
    }
  }
  ::close(fd);
  return error;
}

}  // namespace

std::error_code read_whole_file(const std::filesystem::path& path, std::string& text,
                                std::size_t max_bytes) {
  int fd = -1;
  if (std::error_code error = open_regular_file(path, max_bytes, fd)) return error;
  std::string bytes;
  const std::error_code error = read_pieces(fd, max_bytes, [&bytes](std::string_view piece) {
    bytes.append(piece);
    return true;
  });
  if (!error) text = std::move(bytes);
  return error;
}

std::error_code file_contains(const std::filesystem::path& path, std::string_view needle,
                              bool& found, std::size_t max_bytes) {
  found = false;
  int fd = -1;
  if (std::error_code error = open_regular_file(path, max_bytes, fd)) return error;
  // The end of the previous piece is kept, so a needle cut between two pieces is found too.
  std::string window;
  return read_pieces(fd, max_bytes, [&](std::string_view piece) {
    window.append(piece);
    found = window.find(needle) != std::string::npos;
    if (window.size() >= needle.size()) window.erase(0, window.size() - needle.size() + 1);
    return !found;
  });
}

std::error_code create_private_folder(const std::filesystem::path& folder) {
  std::error_code error;
  if (std::filesystem::exists(folder, error) || error) return error;
  if (folder.has_parent_path()) {
    std::filesystem::create_directories(folder.parent_path(), error);
    if (error) return error;
  }
  // mkdir with 0700 rather than chmod afterwards: the folder is never open to others, not even
  // for a moment. The chmod only undoes an unusual umask.
  if (::mkdir(folder.c_str(), S_IRWXU) != 0) return errno == EEXIST ? error : last_error();
  if (::chmod(folder.c_str(), S_IRWXU) != 0) return last_error();
  return {};
}

}  // namespace tinychat::config

namespace tinychat {

std::error_code write_private_file(const std::filesystem::path& path, std::string_view bytes,
                                   ExistingFile existing) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  // In the same folder, so that rename is atomic (same file system).
  // Appended rather than "." + name: GCC 12 at -O3 warns falsely on the latter (its bug 105651).
  std::string temp_name = ".";
  temp_name += path.filename().string();
  temp_name += ".XXXXXX";
  std::string temp = (folder / temp_name).string();
  // mkstemp makes the file 0600 from its first moment.
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return config::last_error();
  std::error_code error;
  // Undoes an unusual umask: 0600 before the first byte of a key is written.
  if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) error = config::last_error();
  if (!error) error = config::write_all(fd, bytes);
  if (!error && ::fsync(fd) != 0) error = config::last_error();
  // close can report a failed write-back (NFS, a full disk).
  if (::close(fd) != 0 && !error) error = config::last_error();
  if (!error) {
    const int moved = existing == ExistingFile::replace ? ::rename(temp.c_str(), path.c_str())
                                                        : ::link(temp.c_str(), path.c_str());
    if (moved != 0) error = config::last_error();
  }
  // After a link the file has two names, and the temporary one goes; after a failure, all of it.
  if (existing == ExistingFile::keep || error) ::unlink(temp.c_str());
  if (error) return error;
  config::sync_folder(folder);
  return {};
}

}  // namespace tinychat
