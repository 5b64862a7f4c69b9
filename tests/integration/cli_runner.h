#pragma once

// Runs the real `tinychat` program (TINYCHAT_CLI_PATH) the way a user would, with a config
// folder and an environment of the test's own: nothing is inherited from the test's process.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/subprocess.h"

namespace tinychat::testing {

class CliRunner {
 public:
  /// OpenAI's key and base URL point at `openai_base_url` (a loopback server).
  explicit CliRunner(const std::string& openai_base_url) {
    std::string pattern = (std::filesystem::temp_directory_path() / "tinychat-cli-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    config_home_ = pattern;
    env = {{"XDG_CONFIG_HOME", config_home_.string()},
           {"HOME", config_home_.string()},
           {"PATH", "/usr/bin:/bin"},
           {"OPENAI_API_KEY", "cli-runner-key-7f3a"},
           {"OPENAI_BASE_URL", openai_base_url}};
  }
  ~CliRunner() {
    std::error_code ignored;
    std::filesystem::remove_all(config_home_, ignored);
  }
  CliRunner(const CliRunner&) = delete;
  CliRunner& operator=(const CliRunner&) = delete;

  /// Starts `tinychat ARGS...` with /dev/null as its standard input.
  std::unique_ptr<Subprocess> run(std::vector<std::string> args) const {
    args.insert(args.begin(), TINYCHAT_CLI_PATH);
    return std::make_unique<Subprocess>(args, env, "", true);
  }
  /// Writes `json` as the config file the program will read.
  void write_config(const std::string& json) const {
    const auto path = config_home_ / "tinychat" / "config.json";
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << json;
  }
  const std::filesystem::path& config_home() const { return config_home_; }

  std::map<std::string, std::string> env;

 private:
  std::filesystem::path config_home_;
};

}  // namespace tinychat::testing
