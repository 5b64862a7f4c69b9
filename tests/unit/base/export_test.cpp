#include "tinychat/export.h"

#include <gtest/gtest.h>

namespace tinychat {
namespace {

TEST(ExportText, EmptyHistoryIsEmpty) { EXPECT_EQ(export_text({}), ""); }

TEST(ExportText, WritesTurnsAsYouAndLlm) {
  History history{{Role::user, "hello", "", false},
                  {Role::assistant, "Hello!", "", false},
                  {Role::user, "How are you?", "", false},
                  {Role::assistant, "Fine.", "thinking...", false}};
  EXPECT_EQ(export_text(history), "You: hello\nLLM: Hello!\n\nYou: How are you?\nLLM: Fine.");
}

TEST(ExportText, MarksInterruptedAnswers) {
  History history{{Role::user, "tell me", "", false}, {Role::assistant, "Once upon", "", true}};
  EXPECT_EQ(export_text(history), "You: tell me\nLLM: Once upon [interrupted]");
}

TEST(ExportText, KeepsAUserTurnThatGotNoAnswer) {
  History history{{Role::user, "first", "", false},
                  {Role::user, "second", "", false},
                  {Role::assistant, "ok", "", false}};
  EXPECT_EQ(export_text(history), "You: first\n\nYou: second\nLLM: ok");
}

}  // namespace
}  // namespace tinychat
