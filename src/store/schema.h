#pragma once

#include <cstdint>

#include "sqlite.h"

namespace tinychat::store {

/// The schema this build writes (PRAGMA user_version). A file with a higher one comes from a
/// newer tinychat and is refused rather than misread.
inline constexpr int kSchemaVersion = 2;

/// PRAGMA application_id of a tinychat store ("tCht"): tells our file from another program's
/// SQLite database, which tinychat must never alter.
inline constexpr std::int32_t kApplicationId = 0x74436874;

/// What a file's header says about it, read without writing anything.
struct SchemaStamp {
  int user_version = 0;
  std::int32_t application_id = 0;
  std::int64_t objects = 0;  ///< Tables, indexes, views and triggers in it.
};
SchemaStamp read_schema_stamp(Database& db);

/// Applies every migration newer than the file's version, in one transaction. Two processes
/// opening an old file at once both try; the second finds the work done.
void migrate(Database& db);

}  // namespace tinychat::store
