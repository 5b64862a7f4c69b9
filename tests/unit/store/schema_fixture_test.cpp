// Files written by earlier schemas stay readable. Each migration is tested from a fixture of the
// version before it: tests/data/store/schema_v<N>.sql, a dump of a file that version's recorder
// wrote. Version 0 is the empty file (store_file_test.cpp).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/schema.h"
#include "store_test_support.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using ::testing::ElementsAre;
using testing::open_store;
using testing::read_one;

std::vector<std::string> texts(const std::vector<StoredMessage>& messages) {
  std::vector<std::string> out;
  for (const StoredMessage& m : messages) out.push_back(m.text);
  return out;
}

class SchemaFixtureTest : public ::testing::Test {
 protected:
  void load(std::string_view fixture) {
    store::Database raw(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec(testing::read_test_data(fixture).c_str());
  }

  testing::TempFolder folder;
  std::filesystem::path db = folder.path() / "tinychat.db";
};

TEST_F(SchemaFixtureTest, AFileWrittenBySchema1ReadsWhole) {
  load("store/schema_v1.sql");
  ASSERT_EQ(read_one(db, "PRAGMA user_version"), "1");
  auto store = open_store(db);
  ASSERT_TRUE(store);
  EXPECT_EQ(read_one(db, "PRAGMA user_version"), std::to_string(store::kSchemaVersion));
  EXPECT_EQ(read_one(db, "PRAGMA integrity_check"), "ok");

  std::vector<ConversationSummary> recent;
  ASSERT_FALSE(store->recent_conversations(10, recent));
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].title, "Write a haiku about SQLite");
  EXPECT_EQ(recent[0].model, "gpt-4o");
  EXPECT_EQ(recent[1].title, "What is a monad?");
  EXPECT_EQ(recent[1].turns, 2u);

  std::vector<StoredMessage> branch;
  ASSERT_FALSE(store->branch(recent[1].current_leaf_id, branch));
  EXPECT_THAT(texts(branch), ElementsAre("What is a monad?\nExplain simply.",
                                         "Think of a monad as a pipeline for values in a context.",
                                         "And a functor?", "A functor is"));
  EXPECT_EQ(branch[3].status, MessageStatus::failed);
  EXPECT_EQ(branch[3].error, "Server responded with an error. Status Code: 529: Overloaded");
  std::vector<StoredMessage> answers;
  ASSERT_FALSE(store->siblings(branch[1].id, answers));
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].reasoning, "The user wants a simple explanation.");
  EXPECT_EQ(answers[0].usage, (Usage{12, 15, 6, 0}));
  EXPECT_EQ(answers[0].finish_reason, "end_turn");
  EXPECT_EQ(answers[0].temperature, 0.7);

  // The answer its writer left streaming was settled on opening, its checkpoint kept.
  ASSERT_FALSE(store->branch(recent[0].current_leaf_id, branch));
  EXPECT_EQ(branch.back().status, MessageStatus::interrupted);
  EXPECT_EQ(branch.back().text, "Write-ahead log hums");
  EXPECT_EQ(read_one(db, "SELECT count(*) FROM answer_chunks"), "0");

  std::vector<SearchHit> hits;
  ASSERT_FALSE(store->search("monad", {}, hits));
  EXPECT_EQ(hits.size(), 3u);
  ASSERT_FALSE(store->search("write-ahead", {}, hits));
  EXPECT_EQ(hits.size(), 1u);

  // Version 2 indexes at search time: the text indexed by version 1's triggers leaves the index
  // with its conversation, and text written since is found.
  ASSERT_FALSE(store->delete_conversation(recent[1].id));
  ASSERT_FALSE(store->search("monad", {}, hits));
  EXPECT_TRUE(hits.empty());
  {
    store::Database raw(db, SQLITE_OPEN_READWRITE);
    EXPECT_NO_THROW(raw.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')"));
  }
  testing::TestRecorder chat(store);
  testing::record_turn(*chat.recorder, "monad again", "still a pipeline");
  ASSERT_FALSE(store->search("monad", {}, hits));
  EXPECT_EQ(hits.size(), 1u);
}

}  // namespace
}  // namespace tinychat
