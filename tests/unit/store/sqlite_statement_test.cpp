#include <gtest/gtest.h>

#include <string_view>

#include "store/sqlite.h"
#include "support/temp_folder.h"

namespace tinychat::store {
namespace {

// An empty answer piece from a buffer that never allocated is a view with a null pointer;
// bound as it was, SQLite stored NULL, and a checkpoint into a NOT NULL column failed.
TEST(SqliteStatement, AnEmptyViewWithoutStorageBindsEmptyTextNotNull) {
  testing::TempFolder folder;
  Database db(folder.path() / "t.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  Statement copied(db, "SELECT typeof(?), typeof(?)");
  copied.bind(1, std::string_view{}).bind(2, Statement::Borrowed{std::string_view{}});
  ASSERT_TRUE(copied.step());
  EXPECT_EQ(copied.text(0), "text");
  EXPECT_EQ(copied.text(1), "text");
}

}  // namespace
}  // namespace tinychat::store
