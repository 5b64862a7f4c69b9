#include <gtest/gtest.h>
#include <stdlib.h>

#include "config_test_support.h"
#include "tinychat/settings.h"

namespace tinychat {
namespace {

using testing::fake_environment;

TEST(DefaultConfigPath, PrefersXdgConfigHome) {
  EXPECT_EQ(default_config_path(fake_environment({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})),
            "/x/tinychat/config.json");
}

TEST(DefaultConfigPath, FallsBackToHome) {
  EXPECT_EQ(default_config_path(fake_environment({{"HOME", "/h"}})),
            "/h/.config/tinychat/config.json");
}

TEST(DefaultConfigPath, IgnoresARelativeXdgConfigHome) {
  // The XDG spec calls a relative path invalid.
  EXPECT_EQ(default_config_path(fake_environment({{"XDG_CONFIG_HOME", "cfg"}, {"HOME", "/h"}})),
            "/h/.config/tinychat/config.json");
}

TEST(DefaultConfigPath, WithoutHomeAsksThePasswordDatabase) {
  const std::filesystem::path path = default_config_path(fake_environment({}));
  EXPECT_TRUE(path.is_absolute()) << path;
  EXPECT_EQ(path.filename(), "config.json");
  EXPECT_EQ(path.parent_path().parent_path().filename(), ".config");
}

TEST(ProcessEnvironment, ReadsVariablesAndTreatsEmptyAsUnset) {
  const Environment env = process_environment();
  ::setenv("TINYCHAT_CONFIG_TEST_SET", "value", 1);
  ::setenv("TINYCHAT_CONFIG_TEST_EMPTY", "", 1);
  ::unsetenv("TINYCHAT_CONFIG_TEST_UNSET");
  EXPECT_EQ(env("TINYCHAT_CONFIG_TEST_SET"), "value");
  EXPECT_EQ(env("TINYCHAT_CONFIG_TEST_EMPTY"), std::nullopt);
  EXPECT_EQ(env("TINYCHAT_CONFIG_TEST_UNSET"), std::nullopt);
  ::unsetenv("TINYCHAT_CONFIG_TEST_SET");
  ::unsetenv("TINYCHAT_CONFIG_TEST_EMPTY");
}

}  // namespace
}  // namespace tinychat
