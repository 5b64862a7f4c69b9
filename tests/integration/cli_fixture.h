#pragma once

// The fixture of the tests that run the real `tinychat` program against a loopback server:
// a private config folder, an environment with nothing inherited, and the server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/loopback_server.h"
#include "support/subprocess.h"

namespace tinychat {

/// One OpenAI chat.completion.chunk event carrying `text` (JSON-escaped already) as content;
/// `finish` is the finish_reason as JSON ("null", "\"stop\"").
inline std::string openai_chunk(const std::string& text, const std::string& finish = "null") {
  return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text +
         "\"},\"finish_reason\":" + finish + "}]}\n\n";
}

/// A whole OpenAI answer of one piece: the text, the finish, [DONE].
inline testing::Reply openai_answer(const std::string& text) {
  return testing::Reply::stream(
      {openai_chunk(text), openai_chunk("", "\"stop\"") + "data: [DONE]\n\n"});
}

constexpr const char* kKey = "cli-key-5d8e";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_home = std::filesystem::temp_directory_path() /
                  ("tinychat-cli-test-" + std::to_string(::getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(config_home);
    std::filesystem::create_directories(config_home);
    db = config_home / "conversations.db";
    env = {{"XDG_CONFIG_HOME", config_home.string()},
           {"HOME", config_home.string()},
           {"PATH", "/usr/bin:/bin"},
           {"OPENAI_API_KEY", kKey},
           {"OPENAI_BASE_URL", server.url("/v1")},
           // Every prompt is recorded: into a store of the test's own.
           {"TINYCHAT_DB", db.string()}};
  }
  void TearDown() override { std::filesystem::remove_all(config_home); }

  std::unique_ptr<testing::Subprocess> run(std::vector<std::string> args, std::string input = {},
                                           bool null_input = true) {
    args.insert(args.begin(), TINYCHAT_CLI_PATH);
    return std::make_unique<testing::Subprocess>(args, env, input, null_input && input.empty());
  }

  /// Runs `script` with /bin/sh, where "$TINYCHAT" is the program: for what only a shell sets up
  /// (a closed descriptor, /dev/full, a file size limit, a pipe into head).
  std::unique_ptr<testing::Subprocess> run_shell(const std::string& script) {
    std::map<std::string, std::string> shell_env = env;
    shell_env["TINYCHAT"] = TINYCHAT_CLI_PATH;
    return std::make_unique<testing::Subprocess>(std::vector<std::string>{"/bin/sh", "-c", script},
                                                 shell_env, std::string(), true);
  }

  testing::LoopbackServer server;
  std::filesystem::path config_home;
  std::filesystem::path db;  ///< The conversation store (TINYCHAT_DB).
  std::map<std::string, std::string> env;
};

}  // namespace tinychat
