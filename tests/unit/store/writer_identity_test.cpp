// Who writes a streaming answer: boot id, pid and start time, read from /proc by hand (read(2)
// and a field count, not streams). The start time is checked against an independent reading of
// the same file.

#include "store/writer_identity.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "store_test_support.h"

namespace tinychat {
namespace {

// Field 22 of /proc/<pid>/stat, by another route than the code under test: the whole file
// through a stream, the fields after the command name split by an istringstream.
std::string start_time_by_stream(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::stringstream whole;
  whole << in.rdbuf();
  const std::string stat = whole.str();
  std::istringstream fields(stat.substr(stat.rfind(')') + 1));
  std::string field;
  for (int number = 3; number <= 22; ++number) fields >> field;
  return field;
}

std::string last_part(const std::string& identity) {
  return identity.substr(identity.rfind('/') + 1);
}

TEST(WriterIdentityTest, ThisProcessIsNamedByBootPidAndStartTime) {
  const std::string& identity = store::this_writer();
  std::ifstream boot("/proc/sys/kernel/random/boot_id");
  std::string boot_id;
  boot >> boot_id;
  ASSERT_FALSE(boot_id.empty());
  EXPECT_EQ(identity,
            boot_id + "/" + std::to_string(::getpid()) + "/" + start_time_by_stream(::getpid()));
  EXPECT_TRUE(store::writer_alive(identity));
}

// The command name (field 2) may hold spaces and parentheses; the fields are counted after its
// last ')'. A process started under such a name, then ended: alive, then not.
TEST(WriterIdentityTest, ACommandNameWithSpacesAndParenthesesShiftsNoField) {
  testing::TempFolder folder;
  const std::filesystem::path odd_name = folder.path() / "sleep (a) b) c";
  std::filesystem::create_symlink("/bin/sleep", odd_name);
  const pid_t child = ::fork();
  if (child == 0) {
    ::execl(odd_name.c_str(), odd_name.c_str(), "30", static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ASSERT_GT(child, 0);
  // Until the exec is done, /proc shows the parent's name.
  ASSERT_TRUE(testing::eventually([&] {
    std::ifstream in("/proc/" + std::to_string(child) + "/comm");
    std::string name;
    std::getline(in, name);
    return name.rfind("sleep (a)", 0) == 0;
  }));
  const std::string identity = store::writer_identity_of(child);
  EXPECT_EQ(last_part(identity), start_time_by_stream(child));
  EXPECT_FALSE(last_part(identity).empty());
  EXPECT_TRUE(store::writer_alive(identity));
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(store::writer_alive(identity));
}

TEST(WriterIdentityTest, AMalformedIdentityIsNeverAlive) {
  EXPECT_FALSE(store::writer_alive(""));
  EXPECT_FALSE(store::writer_alive("no-slashes"));
  EXPECT_FALSE(store::writer_alive("boot/notapid/1"));
  EXPECT_FALSE(store::writer_alive("other-boot/" + std::to_string(::getpid()) + "/1"));
}

}  // namespace
}  // namespace tinychat
