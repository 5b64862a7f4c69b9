// open_chat, the front door: from a model name to a ready chat or the Error that says why not.
// No network: a chat that opens is inspected, not used (tests/integration/open_chat_test.cpp
// asks it a question).
#include "tinychat/open_chat.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/config/config_test_support.h"

namespace tinychat {
namespace {

using ::testing::AllOf;
using testing::fake_environment;
using ::testing::HasSubstr;
using testing::TempFolder;
using testing::write_file;

class OpenChatTest : public ::testing::Test {
 protected:
  OpenChatOptions options_with(std::map<std::string, std::string> variables) {
    OpenChatOptions options;
    options.env = fake_environment(std::move(variables));
    options.config_path = config_path;
    return options;
  }

  TempFolder folder;
  std::filesystem::path config_path = folder.path() / "tinychat" / "config.json";
};

TEST_F(OpenChatTest, WithoutAKeyTheErrorNamesTheVariableToSet) {
  Expected<Chat> chat = open_chat("gpt-4o", options_with({}));
  ASSERT_FALSE(chat);
  EXPECT_EQ(chat.error().code, ErrorCode::missing_key);
  EXPECT_THAT(chat.error().message, AllOf(HasSubstr("OPENAI_API_KEY"), HasSubstr("config.json")));
}

TEST_F(OpenChatTest, TheModelImpliesTheProvider) {
  Expected<Chat> chat = open_chat("claude-sonnet-4-5", options_with({{"OPENAI_API_KEY", "k"}}));
  ASSERT_FALSE(chat);
  EXPECT_EQ(chat.error().code, ErrorCode::missing_key);
  EXPECT_THAT(chat.error().message, HasSubstr("ANTHROPIC_API_KEY"));
}

TEST_F(OpenChatTest, AMalformedConfigFileIsAConfigErrorWithItsPath) {
  write_file(config_path, "{\"default_model\": }");
  Expected<Chat> chat = open_chat("gpt-4o", options_with({{"OPENAI_API_KEY", "k"}}));
  ASSERT_FALSE(chat);
  EXPECT_EQ(chat.error().code, ErrorCode::config);
  EXPECT_THAT(chat.error().message, HasSubstr(config_path.string()));
}

TEST_F(OpenChatTest, AnUnknownProviderIsInvalid) {
  OpenChatOptions options = options_with({{"OPENAI_API_KEY", "k"}});
  options.provider = "nonesuch";
  Expected<Chat> chat = open_chat("gpt-4o", options);
  ASSERT_FALSE(chat);
  EXPECT_EQ(chat.error().code, ErrorCode::invalid_argument);
}

TEST_F(OpenChatTest, AKeyInTheEnvironmentGivesAReadyChat) {
  Expected<Chat> chat = open_chat("gpt-4o", options_with({{"OPENAI_API_KEY", "k"}}));
  ASSERT_TRUE(chat) << chat.error().message;
  EXPECT_EQ(chat->session().options().model, "gpt-4o");
  EXPECT_FALSE(chat->session().options().temperature);
  EXPECT_TRUE(chat->session().history().empty());
}

TEST_F(OpenChatTest, TheConfigFileFillsWhatWasNotAskedFor) {
  write_file(config_path, R"({"default_model": "claude-haiku-4-5", "temperature": 0.7,
                             "system_prompt": "Be brief.",
                             "providers": {"anthropic": {"api_key": "sk-ant-file"}}})");
  Expected<Chat> chat = open_chat("", options_with({}));
  ASSERT_TRUE(chat) << chat.error().message;
  const RequestOptions options = chat->session().options();
  EXPECT_EQ(options.model, "claude-haiku-4-5");
  EXPECT_EQ(options.system_prompt, "Be brief.");
  EXPECT_EQ(options.temperature, 0.7);
}

TEST_F(OpenChatTest, WhatWasAskedForWinsOverTheConfigFile) {
  write_file(config_path, R"({"temperature": 0.7, "system_prompt": "Be brief."})");
  OpenChatOptions asked = options_with({{"OPENAI_API_KEY", "k"}});
  asked.system_prompt = "Answer in French.";
  asked.temperature = 0.1;
  asked.max_tokens = 50;
  Expected<Chat> chat = open_chat("gpt-4o", asked);
  ASSERT_TRUE(chat) << chat.error().message;
  const RequestOptions options = chat->session().options();
  EXPECT_EQ(options.system_prompt, "Answer in French.");
  EXPECT_EQ(options.temperature, 0.1);
  EXPECT_EQ(options.max_tokens, 50);
}

}  // namespace
}  // namespace tinychat
