#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "store_test_support.h"

namespace tinychat::testing {
namespace {

class UsageReadsTest : public ::testing::Test {
 protected:
  void SetUp() override { store = open_store(folder.path() / "usage.db"); }

  // One turn answered by `model` with these counts (-1: not reported).
  void answer(ConversationRecorder& recorder, const std::string& model, Usage usage) {
    std::shared_ptr<AnswerRecording> recording =
        recorder.begin_turn("prompt", {"openai", model, "", "", std::nullopt});
    ASSERT_TRUE(recording);
    const Delta piece = Delta::answer("answer");
    recording->append({&piece, 1});
    recording->finish({MessageStatus::complete, "", "stop", usage});
    recorder.flush();
  }

  static std::string today() {
    const std::time_t now = std::time(nullptr);
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", std::localtime(&now));
    return day;
  }

  TempFolder folder;
  std::shared_ptr<Store> store;
};

TEST_F(UsageReadsTest, SumsEachModelsReportedAnswersAndCountsTheOthers) {
  TestRecorder chat(store);
  answer(*chat.recorder, "gpt-4o", {100, 10, -1, 40});
  answer(*chat.recorder, "gpt-4o", {200, 20, 5, -1});
  answer(*chat.recorder, "gpt-4o", {-1, -1, -1, -1});  // the stream said nothing
  answer(*chat.recorder, "o3", {1000, 500, 300, 0});
  TestRecorder other(store);
  answer(*other.recorder, "o3", {1, 2, 0, 0});

  std::vector<ModelUsage> conversation;
  ASSERT_FALSE(store->conversation_usage(chat->conversation_id(), conversation));
  ASSERT_EQ(conversation.size(), 2u);
  EXPECT_EQ(conversation[0].model, "gpt-4o");
  EXPECT_EQ(conversation[0].answers, 2);
  EXPECT_EQ(conversation[0].unreported, 1);
  EXPECT_EQ(conversation[0].usage, (Usage{300, 30, 5, 40}));
  EXPECT_EQ(conversation[1].model, "o3");
  EXPECT_EQ(conversation[1].usage, (Usage{1000, 500, 300, 0}));

  std::vector<ModelUsage> days;
  ASSERT_FALSE(store->usage_by_day(0, days));
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, today());
  EXPECT_EQ(days[0].provider, "openai");
  EXPECT_EQ(days[0].usage, (Usage{300, 30, 5, 40}));
  EXPECT_EQ(days[1].model, "o3");
  EXPECT_EQ(days[1].answers, 2);  // both conversations
  EXPECT_EQ(days[1].usage, (Usage{1001, 502, 300, 0}));
}

TEST_F(UsageReadsTest, OnlyAnswersSentSinceTheDayAsked) {
  TestRecorder chat(store);
  answer(*chat.recorder, "gpt-4o", {100, 10, -1, -1});
  const auto tomorrow =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch() + std::chrono::hours(24))
          .count();
  std::vector<ModelUsage> days;
  ASSERT_FALSE(store->usage_by_day(tomorrow, days));
  EXPECT_TRUE(days.empty());
}

}  // namespace
}  // namespace tinychat::testing
