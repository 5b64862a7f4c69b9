// Full-text search over every message, with snippets.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

TEST_F(SearchTest, NothingToSearchForIsAnError) {
  std::vector<SearchHit> hits;
  EXPECT_EQ(store->search("  \n", {}, hits).code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace tinychat
