#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace tinychat::config {

/// Reads all of `path`. Fails with the errno of open/read (ENOENT when missing, EISDIR for a
/// folder), so callers can tell "no file" from "cannot read it".
std::error_code read_whole_file(const std::filesystem::path& path, std::string& text);

/// Creates `folder` with mode 0700 (its parents as usual) when it does not exist; an existing
/// folder keeps the mode its owner gave it.
std::error_code create_private_folder(const std::filesystem::path& folder);

/// Replaces `path` by a file of mode 0600 holding `text`: a temporary file beside it, renamed over
/// it, so a crash leaves the old file or the new one and never half of one.
std::error_code write_private_file_atomically(const std::filesystem::path& path,
                                              std::string_view text);

}  // namespace tinychat::config
