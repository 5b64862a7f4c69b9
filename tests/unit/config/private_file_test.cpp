// write_private_file: keys, settings and exported conversations are written whole or not at all,
// readable by their owner alone, and an existing file is kept when the caller asks.

#include "tinychat/private_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <vector>

#include "config_test_support.h"

namespace tinychat {
namespace {

using testing::read_file;
using testing::TempFolder;
using testing::write_file;

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

std::vector<std::string> names_in(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

// Restores the umask whatever the test's outcome.
class Umask {
 public:
  explicit Umask(mode_t mask) : old_(::umask(mask)) {}
  ~Umask() { ::umask(old_); }

 private:
  mode_t old_;
};

TEST(WritePrivateFile, ANewFileIsWholeAndOnlyItsOwnersWhateverTheUmask) {
  TempFolder folder;
  const std::filesystem::path path = folder.path() / "chat.md";
  {
    const Umask open_to_all(0);
    ASSERT_FALSE(write_private_file(path, "# Conversation\n"));
  }
  EXPECT_EQ(read_file(path), "# Conversation\n");
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"chat.md"});
}

TEST(WritePrivateFile, ReplacingTakesTheOldFilesPlaceAndItsModeGoesWithIt) {
  TempFolder folder;
  const std::filesystem::path path = folder.path() / "chat.md";
  write_file(path, "old");
  ::chmod(path.c_str(), 0644);
  ASSERT_FALSE(write_private_file(path, "new", ExistingFile::replace));
  EXPECT_EQ(read_file(path), "new");
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"chat.md"});
}

TEST(WritePrivateFile, KeepingRefusesAnExistingFileAndLeavesItAsItWas) {
  TempFolder folder;
  const std::filesystem::path path = folder.path() / "chat.md";
  write_file(path, "mine");
  EXPECT_EQ(write_private_file(path, "theirs", ExistingFile::keep), std::errc::file_exists);
  EXPECT_EQ(read_file(path), "mine");
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"chat.md"})
      << "the temporary file was left behind";
}

TEST(WritePrivateFile, KeepingWritesANewFileUnderItsName) {
  TempFolder folder;
  const std::filesystem::path path = folder.path() / "chat.json";
  ASSERT_FALSE(write_private_file(path, "{}", ExistingFile::keep));
  EXPECT_EQ(read_file(path), "{}");
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(names_in(folder.path()), std::vector<std::string>{"chat.json"});
}

TEST(WritePrivateFile, AMissingFolderIsAnErrorAndNothingIsMade) {
  TempFolder folder;
  const std::filesystem::path path = folder.path() / "no-such-folder" / "chat.md";
  EXPECT_EQ(write_private_file(path, "text"), std::errc::no_such_file_or_directory);
  EXPECT_FALSE(std::filesystem::exists(path.parent_path()));
}

}  // namespace
}  // namespace tinychat
