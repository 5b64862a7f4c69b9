// A config file that is not what a config file is — a number too large for a double, a FIFO,
// a link to /dev/zero, a huge file — used to abort tinychat (exit 134), hang it, or grow it
// without end. Each is now a clear, located config error.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <future>

#include "config_test_support.h"
#include "tinychat/settings.h"

namespace tinychat {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempFolder;
using testing::write_file;

Error load(const std::filesystem::path& path) {
  Settings settings;
  return load_settings(path, settings);
}

TEST(ConfigFileBounds, NumberTooLargeForADoubleIsALocatedErrorNotACrash) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, "{\n  \"temperature\": 1e999\n}");
  const Error error = load(path);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr(path.string() + " is not valid JSON: line 2, column"));
  EXPECT_THAT(error.message, HasSubstr("number overflow"));
}

TEST(ConfigFileBounds, NumberTooLargeAnywhereInTheFileToo) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, R"({"mine": {"deep": [1, -1e400]}, "default_model": "x"})");
  EXPECT_EQ(load(path).code, ErrorCode::config);
  Settings settings;
  EXPECT_EQ(save_settings(path, settings).code, ErrorCode::config);  // not overwritten either
}

TEST(ConfigFileBounds, AFifoIsRefusedWithoutWaitingForAWriter) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  auto loading = std::async(std::launch::async, [&] { return load(path); });
  ASSERT_EQ(loading.wait_for(std::chrono::seconds(5)), std::future_status::ready)
      << "load_settings waited on the FIFO";
  const Error error = loading.get();
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("is not a regular file"));
}

TEST(ConfigFileBounds, ALinkToDevZeroIsRefused) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  std::filesystem::create_symlink("/dev/zero", path);
  const Error error = load(path);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("is not a regular file"));
}

TEST(ConfigFileBounds, AFileOverTheBoundIsRefused) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  {
    std::ofstream file(path);
    file << "{\"system_prompt\": \"" << std::string(5 << 20, 'x') << "\"}";
  }
  const Error error = load(path);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("is larger than 4 MiB"));
  Settings settings;
  EXPECT_EQ(save_settings(path, settings).code, ErrorCode::config);
  EXPECT_EQ(std::filesystem::file_size(path), (5u << 20) + 21);  // left as it was
}

TEST(ConfigFileBounds, TheMessageNeverQuotesAKeyCutByTheError) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, R"({"providers": {"openai": {"api_key": "sk-abcdefgh12345678)");
  const Error error = load(path);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, Not(HasSubstr("sk-abc")));
}

}  // namespace
}  // namespace tinychat
