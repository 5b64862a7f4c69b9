#include "private_output_file.h"

#include <sys/stat.h>

#include <cerrno>

#include "tinychat/private_file.h"

namespace tinychat::cli {

std::string write_private_file(const std::filesystem::path& path, std::string_view bytes,
                               bool replace) {
  // Checked first for the words: the write itself refuses these too.
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return "is a folder";
    if (!replace) return "exists already (--force replaces it)";
    if (!S_ISREG(info.st_mode)) return "is not a regular file, which an export could replace";
  }
  const std::error_code error = tinychat::write_private_file(
      path, bytes, replace ? ExistingFile::replace : ExistingFile::keep);
  if (!error) return {};
  // A file made since the check above: the link refused it rather than replace it.
  if (error == std::errc::file_exists) return "exists already (--force replaces it)";
  return "cannot be written: " + error.message();
}

}  // namespace tinychat::cli
