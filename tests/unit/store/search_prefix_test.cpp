// Searching while typing: the last word as a prefix.

#include <gtest/gtest.h>

#include "store_test_support.h"

namespace tinychat {
namespace {

using testing::open_store;
using testing::record_turn;
using testing::TempFolder;
using testing::TestRecorder;

TEST(SearchPrefixTest, TheLastWordMatchesTheWordsItBeginsOnlyWhenAsked) {
  TempFolder folder;
  auto store = open_store(folder.path() / "tinychat.db");
  TestRecorder chat(store);
  record_turn(*chat.recorder, "How do I feed a sourdough starter?", "Flour and water, daily.");
  std::vector<SearchHit> hits;
  ASSERT_FALSE(store->search("sourd", {}, hits));
  EXPECT_TRUE(hits.empty());
  SearchOptions typing;
  typing.last_word_is_prefix = true;
  ASSERT_FALSE(store->search("feed a sourd", typing, hits));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[sourdough]"), std::string::npos) << hits[0].snippet;
  // Only the last word: "fee" is not "feed".
  ASSERT_FALSE(store->search("fee sourdough", typing, hits));
  EXPECT_TRUE(hits.empty());
  // A quote or an operator being typed is text, not a syntax error.
  ASSERT_FALSE(store->search("\"sour", typing, hits));
  EXPECT_EQ(hits.size(), 1u);
  ASSERT_FALSE(store->search("NEAR", typing, hits));
  EXPECT_TRUE(hits.empty());
}

}  // namespace
}  // namespace tinychat
