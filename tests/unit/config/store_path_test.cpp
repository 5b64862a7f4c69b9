#include <gtest/gtest.h>

#include "config_test_support.h"
#include "tinychat/settings.h"

namespace tinychat {
namespace {

using testing::fake_environment;

TEST(DefaultStorePath, TinychatDbWinsOverEverything) {
  EXPECT_EQ(default_store_path(fake_environment(
                {{"TINYCHAT_DB", "/tmp/mine.db"}, {"XDG_DATA_HOME", "/x"}, {"HOME", "/h"}})),
            "/tmp/mine.db");
}

TEST(DefaultStorePath, PrefersXdgDataHome) {
  EXPECT_EQ(default_store_path(fake_environment({{"XDG_DATA_HOME", "/x"}, {"HOME", "/h"}})),
            "/x/tinychat/tinychat.db");
}

TEST(DefaultStorePath, FallsBackToLocalShare) {
  EXPECT_EQ(default_store_path(fake_environment({{"HOME", "/h"}})),
            "/h/.local/share/tinychat/tinychat.db");
}

TEST(DefaultStorePath, IgnoresARelativeXdgDataHome) {
  EXPECT_EQ(default_store_path(fake_environment({{"XDG_DATA_HOME", "data"}, {"HOME", "/h"}})),
            "/h/.local/share/tinychat/tinychat.db");
}

TEST(DefaultStorePath, AnEmptyTinychatDbCountsAsUnset) {
  EXPECT_EQ(default_store_path(fake_environment({{"TINYCHAT_DB", ""}, {"HOME", "/h"}})),
            "/h/.local/share/tinychat/tinychat.db");
}

}  // namespace
}  // namespace tinychat
