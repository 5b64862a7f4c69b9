// record_compared_prompt: one prompt answered by several models is stored as sibling answers of
// that prompt, the first the current branch, as compare mode needs on the command line and in
// the window.

#include "tinychat/compare_recording.h"

#include <gtest/gtest.h>

#include "support/temp_folder.h"
#include "tinychat/store.h"

namespace tinychat {
namespace {

class CompareRecordingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Store::open(folder.path() / "tinychat.db", store));
    ASSERT_FALSE(ConversationRecorder::open(store, {}, recorder));
    recorder->set_warning_handler([this](const Error& e) { warnings.push_back(e); });
  }

  StoredMessage stored(const std::string& id) {
    recorder->flush();
    std::vector<StoredMessage> path;
    EXPECT_FALSE(store->branch(id, path));
    return path.empty() ? StoredMessage{} : path.back();
  }

  testing::TempFolder folder;
  std::shared_ptr<Store> store;
  std::shared_ptr<ConversationRecorder> recorder;
  std::vector<Error> warnings;
  const std::vector<AnswerSource> sources{{"openai", "gpt-4o", "", "", std::nullopt},
                                          {"mistral", "mistral-large-latest", "", "", 0.2},
                                          {"together", "meta-llama/Llama-3.3", "", "", {}}};
};

TEST_F(CompareRecordingTest, EachModelsAnswerIsASiblingOfTheOnePromptAndTheFirstIsTheBranch) {
  const auto recordings = record_compared_prompt(*recorder, "Say hello", sources);
  ASSERT_EQ(recordings.size(), 3u);
  for (const auto& recording : recordings) ASSERT_TRUE(recording);
  std::vector<StoredMessage> siblings;
  recorder->flush();
  ASSERT_FALSE(store->siblings(recordings[1]->message_id(), siblings));
  ASSERT_EQ(siblings.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(siblings[i].id, recordings[i]->message_id());
    EXPECT_EQ(siblings[i].model, sources[i].model);
    EXPECT_EQ(siblings[i].status, MessageStatus::streaming);
  }
  EXPECT_EQ(stored(siblings[0].parent_id).text, "Say hello");
  EXPECT_EQ(recorder->current_leaf_id(), recordings[0]->message_id());
  ConversationSummary summary;
  ASSERT_FALSE(store->find_conversation(recorder->conversation_id(), summary));
  EXPECT_EQ(summary.current_leaf_id, recordings[0]->message_id());
  EXPECT_TRUE(warnings.empty());
}

TEST_F(CompareRecordingTest, EachAnswerStreamsIntoItsOwnRowAndAnotherCanBeContinuedFrom) {
  const auto recordings = record_compared_prompt(*recorder, "Count", sources);
  ASSERT_EQ(recordings.size(), 3u);
  const std::vector<std::string> answers{"One two", "Uno", "Eins zwei drei"};
  for (std::size_t i = 0; i < 3; ++i) {
    const std::vector<Delta> deltas{Delta::answer(answers[i])};
    recordings[i]->append(deltas);
  }
  recordings[0]->finish({});
  recordings[1]->finish({MessageStatus::interrupted, "cancelled", "", {}});
  recordings[2]->finish({MessageStatus::failed, "connection closed", "", {}});
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(stored(recordings[i]->message_id()).text, answers[i]);
  EXPECT_EQ(stored(recordings[1]->message_id()).status, MessageStatus::interrupted);
  EXPECT_EQ(stored(recordings[2]->message_id()).status, MessageStatus::failed);

  History history;
  ASSERT_FALSE(recorder->branch_history(history));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].content, "One two");
  ASSERT_FALSE(recorder->checkout(recordings[2]->message_id()));
  ASSERT_FALSE(recorder->branch_history(history));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].content, "Count");
  EXPECT_EQ(history[1].content, "Eins zwei drei");
  EXPECT_TRUE(history[1].interrupted);
}

TEST_F(CompareRecordingTest, ASecondComparisonFollowsTheFirstAnswer) {
  const auto first = record_compared_prompt(*recorder, "First", sources);
  for (const auto& recording : first) recording->finish({});
  const auto second = record_compared_prompt(*recorder, "Second", std::span(sources).first(2));
  ASSERT_EQ(second.size(), 2u);
  ASSERT_TRUE(second[0] && second[1]);
  const StoredMessage asked = stored(stored(second[1]->message_id()).parent_id);
  EXPECT_EQ(asked.text, "Second");
  EXPECT_EQ(asked.parent_id, first[0]->message_id());
  EXPECT_EQ(recorder->current_leaf_id(), second[0]->message_id());
}

TEST_F(CompareRecordingTest, NoSourcesRecordNothing) {
  EXPECT_TRUE(record_compared_prompt(*recorder, "Hi", {}).empty());
  EXPECT_TRUE(recorder->conversation_id().empty());
  EXPECT_TRUE(recorder->current_leaf_id().empty());
}

}  // namespace
}  // namespace tinychat
