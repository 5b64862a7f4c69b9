#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tinychat::cli {

/// Writes an export to `path` whole or not at all, mode 0600 since conversations are private
/// (tinychat::write_private_file). Without `replace`, an existing file is refused rather than
/// lost. Returns "" or what went wrong, in words that follow the file name.
std::string write_private_file(const std::filesystem::path& path, std::string_view bytes,
                               bool replace);

}  // namespace tinychat::cli
