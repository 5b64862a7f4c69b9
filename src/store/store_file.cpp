#include "store_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tinychat::store {

namespace {

Error creation_failed(const std::filesystem::path& what, int error) {
  return Error(ErrorCode::store,
               store_problem(what, std::string("cannot create it: ") + std::strerror(error)));
}

// mkdir with 0700 rather than chmod afterwards: the folder is never open to others, not even for
// a moment. An existing folder keeps the mode its owner gave it.
int create_private_folder(const std::filesystem::path& folder) {
  std::error_code error;
  if (folder.empty() || std::filesystem::exists(folder, error)) return 0;
  if (folder.has_parent_path()) {
    std::filesystem::create_directories(folder.parent_path(), error);
    if (error) return error.value();
  }
  if (::mkdir(folder.c_str(), S_IRWXU) != 0 && errno != EEXIST) return errno;
  return 0;
}

}  // namespace

std::string store_problem(const std::filesystem::path& path, std::string_view cause) {
  std::string message = "could not open the conversation store ";
  message += path.string();
  message += ": ";
  message += cause;
  return message;
}

Error prepare_store_file(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISREG(info.st_mode)) return {};
    return Error(ErrorCode::store,
                 store_problem(path, S_ISDIR(info.st_mode)
                                         ? "it is a folder, not a file"
                                         : "it is not a regular file (a pipe, a device or a "
                                           "socket cannot hold a database)"));
  }
  if (errno != ENOENT) {
    return Error(ErrorCode::store, store_problem(path, std::strerror(errno)));
  }
  if (const int error = create_private_folder(path.parent_path())) {
    return creation_failed(path, error);
  }
  // O_EXCL: another process creating it at the same moment wins, and its file is used as is.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) return errno == EEXIST ? Error() : creation_failed(path, errno);
  // Undoes an unusual umask (0277 would leave the owner unable to write).
  const int mode_error = ::fchmod(fd, S_IRUSR | S_IWUSR) != 0 ? errno : 0;
  ::close(fd);
  return mode_error ? creation_failed(path, mode_error) : Error();
}

}  // namespace tinychat::store
