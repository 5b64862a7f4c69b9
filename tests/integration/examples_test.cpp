// The README's examples, the very programs a new user copies, run against a loopback server:
// the front door (examples/consumer/main.cpp) and the full-control path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "support/loopback_server.h"
#include "support/subprocess.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using ::testing::HasSubstr;
using testing::LoopbackServer;
using testing::read_test_data;
using testing::Reply;
using testing::Subprocess;

struct Example {
  const char* name;
  const char* path;
};

void PrintTo(const Example& e, std::ostream* os) { *os << e.name; }

class ExampleTest : public ::testing::TestWithParam<Example> {
 protected:
  void SetUp() override {
    config_home = std::filesystem::temp_directory_path() /
                  ("tinychat-example-test-" + std::to_string(::getpid()) + "-" + GetParam().name);
    std::filesystem::create_directories(config_home);
    env = {{"XDG_CONFIG_HOME", config_home.string()}, {"HOME", config_home.string()}};
  }
  void TearDown() override { std::filesystem::remove_all(config_home); }

  LoopbackServer server;
  std::filesystem::path config_home;
  std::map<std::string, std::string> env;
};

TEST_P(ExampleTest, StreamsTheAnswerFromTheProviderTheEnvironmentNames) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 5));
  env["OPENAI_API_KEY"] = "example-key";
  env["OPENAI_BASE_URL"] = server.url("/v1");
  Subprocess example({GetParam().path}, env, {}, true);
  EXPECT_EQ(example.wait(), 0) << example.err();
  EXPECT_EQ(example.out(), read_test_data("openai.answer") + "\n");

  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_EQ(server.request(0).header("authorization").value_or(""), "Bearer example-key");
  EXPECT_THAT(server.request(0).body, HasSubstr("\"gpt-4o\""));
  EXPECT_THAT(server.request(0).body, HasSubstr("Explain futures in one paragraph"));
}

TEST_P(ExampleTest, WithoutAKeySaysWhichVariableToSetAndExits2) {
  Subprocess example({GetParam().path}, env, {}, true);
  EXPECT_EQ(example.wait(), 2);
  EXPECT_THAT(example.err(), HasSubstr("OPENAI_API_KEY"));
  EXPECT_EQ(example.out(), "");
}

INSTANTIATE_TEST_SUITE_P(
    Readme, ExampleTest,
    ::testing::Values(Example{"front_door", TINYCHAT_README_EXAMPLE_PATH},
                      Example{"full_control", TINYCHAT_FULL_CONTROL_EXAMPLE_PATH}),
    [](const ::testing::TestParamInfo<Example>& example) { return example.param.name; });

}  // namespace
}  // namespace tinychat
