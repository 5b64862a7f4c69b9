#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace tinychat::config {

/// Why a file that exists cannot serve as a config file.
enum class FileProblem {
  not_regular = 1,  ///< A FIFO, a device, a socket: reading it could block or never end.
  too_large,        ///< Larger than the bound: no config file is, and reading it costs memory.
};
std::error_code make_error_code(FileProblem problem);

/// A few KiB is a large config file; this leaves room for hundreds of endpoints.
inline constexpr std::size_t kMaxConfigFileBytes = std::size_t{4} << 20;

/// Reads all of `path`, a regular file (a symbolic link to one is fine) of at most `max_bytes`.
/// Fails with the errno of open/read (ENOENT when missing, EISDIR for a folder), so callers can
/// tell "no file" from "cannot read it", or with a FileProblem. Never blocks on a FIFO.
std::error_code read_whole_file(const std::filesystem::path& path, std::string& text,
                                std::size_t max_bytes = kMaxConfigFileBytes);

/// Whether `path`, a file as read_whole_file takes it, contains `needle`: read only up to the
/// first one (a CA bundle's first certificate is in its first few KiB of hundreds).
std::error_code file_contains(const std::filesystem::path& path, std::string_view needle,
                              bool& found, std::size_t max_bytes = kMaxConfigFileBytes);

/// Creates `folder` with mode 0700 (its parents as usual) when it does not exist; an existing
/// folder keeps the mode its owner gave it.
std::error_code create_private_folder(const std::filesystem::path& folder);

}  // namespace tinychat::config

template <>
struct std::is_error_code_enum<tinychat::config::FileProblem> : std::true_type {};
