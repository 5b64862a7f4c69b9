#pragma once

#include <filesystem>
#include <string_view>
#include <system_error>

#include "tinychat/visibility.h"

namespace tinychat {

/// What write_private_file does when a file of that name exists.
enum class ExistingFile {
  replace,  ///< The new file takes its place, in one step.
  keep,     ///< The existing file is kept, and the write fails with EEXIST.
};

/// Writes `bytes` to `path` whole or not at all, readable and writable by its owner alone (mode
/// 0600 from its first byte, whatever the umask or the old file's mode): a temporary file beside
/// it, synced, then renamed over `path`, or with ExistingFile::keep linked to that name, which
/// refuses an existing one atomically where a check beforehand would race another writer. The
/// folder is synced afterwards, so that the new name survives a crash. For keys, settings and
/// exported conversations. Failures are errno values (std::system_category).
TINYCHAT_API std::error_code write_private_file(const std::filesystem::path& path,
                                                std::string_view bytes,
                                                ExistingFile existing = ExistingFile::replace);

}  // namespace tinychat
