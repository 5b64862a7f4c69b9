#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tinychat/export.h"

namespace tinychat {
namespace {

const History kConversation{{Role::user, "What is 2+2?", "", false},
                            {Role::assistant, "**4**", "Add them.\n\nDone.", false},
                            {Role::user, "Tell a story", "", false},
                            {Role::assistant, "Once upon", "", true}};

TEST(ExportMarkdown, WritesASectionPerMessage) {
  EXPECT_EQ(export_markdown(kConversation),
            "# Conversation\n"
            "\n## You\n\nWhat is 2+2?\n"
            "\n## LLM\n\n> **Reasoning**\n>\n> Add them.\n>\n> Done.\n\n**4**\n"
            "\n## You\n\nTell a story\n"
            "\n## LLM\n\nOnce upon\n\n*(interrupted)*\n");
}

TEST(ExportMarkdown, EmptyHistoryIsJustTheTitle) {
  EXPECT_EQ(export_markdown({}), "# Conversation\n");
}

TEST(ExportJson, ListsEveryMessageWithItsRole) {
  const auto document = nlohmann::json::parse(export_json(kConversation));
  EXPECT_EQ(document["format"], "tinychat.conversation");
  EXPECT_EQ(document["version"], 1);
  const auto& messages = document["messages"];
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[0]["role"], "user");
  EXPECT_EQ(messages[0]["content"], "What is 2+2?");
  EXPECT_FALSE(messages[0].contains("interrupted"));
  EXPECT_EQ(messages[1]["role"], "assistant");
  EXPECT_EQ(messages[1]["reasoning"], "Add them.\n\nDone.");
  EXPECT_EQ(messages[3]["interrupted"], true);
  EXPECT_FALSE(messages[3].contains("reasoning"));
}

TEST(ExportJson, ReplacesInvalidUtf8InsteadOfFailing) {
  const History history{{Role::user, "caf\xC3", "", false}};
  const auto document = nlohmann::json::parse(export_json(history));
  EXPECT_EQ(document["messages"][0]["content"], "caf\xEF\xBF\xBD");
}

}  // namespace
}  // namespace tinychat
