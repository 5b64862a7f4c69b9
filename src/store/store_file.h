#pragma once

#include <filesystem>

#include "tinychat/error.h"

namespace tinychat::store {

/// Makes `path` a file SQLite can open without creating anything itself: when missing, its folder
/// is made with mode 0700 (missing parents as usual) and the file, empty, with mode 0600 (SQLite
/// gives its -wal and -shm files the same mode). An existing file is never changed; one that is
/// not a regular file (a folder, a FIFO, a device) is refused. ErrorCode::store on failure.
Error prepare_store_file(const std::filesystem::path& path);

/// "could not open the conversation store FILE: CAUSE": the start of every store message that
/// names the file.
std::string store_problem(const std::filesystem::path& path, std::string_view cause);

}  // namespace tinychat::store
