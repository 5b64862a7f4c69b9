// Full-text search over every message, with snippets.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/search_index.h"
#include "store_test_support.h"

namespace tinychat {
namespace {

using ::testing::ElementsAre;
using testing::open_store;
using testing::record_turn;
using testing::TempFolder;
using testing::TestRecorder;

class SearchTest : public ::testing::Test {
 protected:
  TempFolder folder;
  std::shared_ptr<Store> store = open_store(folder.path() / "tinychat.db");

  std::vector<SearchHit> search(std::string_view words, SearchOptions options = {}) {
    std::vector<SearchHit> hits;
    const Error error = store->search(words, options, hits);
    EXPECT_FALSE(error) << error.message;
    return hits;
  }

  // What another process would do, on its own connection. SQLite failures throw.
  void exec(const char* sql) {
    store::Database raw(folder.path() / "tinychat.db", SQLITE_OPEN_READWRITE);
    raw.exec(sql);
  }
  // Fails (throws) when the index holds an entry its content table does not, or misses one.
  static constexpr const char* kIndexIntegrityCheck =
      "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')";
};

TEST_F(SearchTest, FindsAWordInPromptsAndAnswersWithASnippet) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "How do futures work in C++?",
              "A std::future holds a value that a promise will set later, once the work ends.");
  auto hits = search("promise");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].role, Role::assistant);
  EXPECT_EQ(hits[0].conversation.id, chat->conversation_id());
  EXPECT_EQ(hits[0].conversation.title, "How do futures work in C++?");
  EXPECT_EQ(hits[0].message_id, chat->current_leaf_id());
  EXPECT_THAT(hits[0].snippet, ::testing::HasSubstr("a [promise] will set"));

  hits = search("FUTURES");  // case-insensitive
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].role, Role::user);
}

TEST_F(SearchTest, EveryWordMustMatchAndMarkersAreTheCallers) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "red apples", "green apples");
  SearchOptions bold;
  bold.match_start = "\x1b[1m";
  bold.match_end = "\x1b[0m";
  const auto hits = search("green apples", bold);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].snippet, "\x1b[1mgreen\x1b[0m \x1b[1mapples\x1b[0m");
}

TEST_F(SearchTest, AccentsAndPunctuationAreSearchedAsText) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "Qu'est-ce qu'un café?", "C++ \"templates\" AND NEAR(x) don't");
  EXPECT_EQ(search("cafe").size(), 1u);
  // FTS5's own syntax in the words is text, not operators: no parse error.
  EXPECT_EQ(search("c++").size(), 1u);
  EXPECT_EQ(search("\"templates").size(), 1u);
  EXPECT_EQ(search("NEAR(x)").size(), 1u);
  EXPECT_EQ(search("don't").size(), 1u);
  EXPECT_EQ(search("AND").size(), 1u);
}

TEST_F(SearchTest, NewestFirstUpToTheLimit) {
  TestRecorder chat(store);
  for (int i = 0; i < 5; ++i) record_turn(*chat.recorder, "needle " + std::to_string(i), "-");
  SearchOptions options;
  options.limit = 3;
  const auto hits = search("needle", options);
  std::vector<std::string> snippets;
  for (const SearchHit& hit : hits) snippets.push_back(hit.snippet);
  EXPECT_THAT(snippets, ElementsAre("[needle] 4", "[needle] 3", "[needle] 2"));
}

TEST_F(SearchTest, AnAnswerIsFoundOnceItEnds) {
  TestRecorder chat(store);
  auto recording = chat->begin_turn("q", testing::test_source());
  const Delta piece = Delta::answer("streaming zebra");
  recording->append({&piece, 1});
  chat->flush();
  EXPECT_TRUE(search("zebra").empty());
  recording->finish({});
  chat->flush();
  EXPECT_EQ(search("zebra").size(), 1u);
}

// Schema 2 moved indexing out of the writer: the recording transaction only notes the message,
// and the search indexes it. What a writer left waiting must be found, and after a delete an
// indexed text must leave the index (an entry left behind would match a message that is gone).
TEST_F(SearchTest, WritersLeaveIndexingToTheNextSearch) {
  const auto db = folder.path() / "tinychat.db";
  TestRecorder chat(store);
  record_turn(*chat.recorder, "backlog prompt", "backlog answer");
  EXPECT_EQ(testing::read_one(db, "SELECT count(*) FROM search_backlog"), "2");
  EXPECT_EQ(search("backlog").size(), 2u);
  EXPECT_EQ(testing::read_one(db, "SELECT count(*) FROM search_backlog"), "0");

  TestRecorder other(store);
  record_turn(*other.recorder, "unindexed prompt", "unindexed answer");
  ASSERT_FALSE(store->delete_conversation(chat->conversation_id()));
  ASSERT_FALSE(store->delete_conversation(other->conversation_id()));
  EXPECT_TRUE(search("backlog").empty());
  EXPECT_TRUE(search("unindexed").empty());
  EXPECT_EQ(testing::read_one(db, "SELECT count(*) FROM search_backlog"), "0");
  EXPECT_NO_THROW(exec(kIndexIntegrityCheck));
}

TEST_F(SearchTest, AnIndexedTextThatChangesIsFoundByItsNewWordsOnly) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "walrus", "answer");
  ASSERT_EQ(search("walrus").size(), 1u);
  exec("UPDATE messages SET text = 'narwhal' WHERE text = 'walrus'");
  EXPECT_TRUE(search("walrus").empty());
  EXPECT_EQ(search("narwhal").size(), 1u);
  exec("UPDATE messages SET text = '' WHERE text = 'narwhal'");
  EXPECT_TRUE(search("narwhal").empty());
  EXPECT_NO_THROW(exec(kIndexIntegrityCheck));
}

// Indexing 200 waiting messages in a store of a million took 170 ms: the planner scanned every
// message and looked each up in the backlog. The backlog must drive the join.
TEST_F(SearchTest, IndexingWhatWaitsReadsOnlyTheBacklog) {
  store::Database raw(folder.path() / "tinychat.db", SQLITE_OPEN_READONLY);
  store::Statement plan(raw, std::string("EXPLAIN QUERY PLAN ") + store::kIndexWaitingMessages);
  std::vector<std::string> steps;
  while (plan.step()) steps.emplace_back(plan.text(3));
  EXPECT_THAT(steps, ElementsAre(::testing::StartsWith("SCAN b"),
                                 ::testing::StartsWith("SEARCH m USING INTEGER PRIMARY KEY")));
}

TEST_F(SearchTest, NothingToSearchForIsAnError) {
  std::vector<SearchHit> hits;
  EXPECT_EQ(store->search("  \n", {}, hits).code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace tinychat
