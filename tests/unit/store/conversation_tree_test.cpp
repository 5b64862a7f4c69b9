// Conversations as trees: branches, siblings, the current leaf, and the queries the CLI lists them
// with.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store_test_support.h"

namespace tinychat {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using testing::open_store;
using testing::record_turn;
using testing::TempFolder;
using testing::TestRecorder;

std::vector<std::string> texts(const std::vector<StoredMessage>& messages) {
  std::vector<std::string> out;
  for (const StoredMessage& m : messages) out.push_back(m.text);
  return out;
}

class ConversationTreeTest : public ::testing::Test {
 protected:
  TempFolder folder;
  std::shared_ptr<Store> store = open_store(folder.path() / "tinychat.db");

  std::vector<StoredMessage> branch_of(const ConversationRecorder& recorder) {
    std::vector<StoredMessage> messages;
    const Error error = store->branch(recorder.current_leaf_id(), messages);
    EXPECT_FALSE(error) << error.message;
    return messages;
  }
};

TEST_F(ConversationTreeTest, TurnsFollowOneAnotherOnOneBranch) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "What is 2+2?", "4");
  record_turn(*chat.recorder, "And 3+3?", "6");
  const auto messages = branch_of(*chat.recorder);
  EXPECT_THAT(texts(messages), ElementsAre("What is 2+2?", "4", "And 3+3?", "6"));
  EXPECT_EQ(messages[0].parent_id, "");
  for (std::size_t i = 1; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i].parent_id, messages[i - 1].id);
  }
  EXPECT_EQ(messages[1].role, Role::assistant);
  EXPECT_EQ(messages[1].status, MessageStatus::complete);
  EXPECT_EQ(messages[1].model, "gpt-test");
  EXPECT_EQ(messages[1].system_prompt, "Be brief.");
  EXPECT_EQ(messages[1].temperature, 0.5);
  EXPECT_TRUE(chat.warnings->empty());
}

TEST_F(ConversationTreeTest, RegeneratingAddsASiblingAnswer) {
  TestRecorder chat(store);
  const std::string first = record_turn(*chat.recorder, "Name a colour", "Red");
  const std::string prompt = branch_of(*chat.recorder)[0].id;
  ASSERT_FALSE(chat->checkout(prompt));
  std::shared_ptr<AnswerRecording> again;
  ASSERT_FALSE(chat->begin_answer(testing::test_source(), again));
  const Delta blue = Delta::answer("Blue");
  again->append({&blue, 1});
  again->finish({});
  chat->flush();

  std::vector<StoredMessage> answers;
  ASSERT_FALSE(store->siblings(first, answers));
  EXPECT_THAT(texts(answers), ElementsAre("Red", "Blue"));
  EXPECT_EQ(answers[1].parent_id, prompt);
  // The new answer is the current branch; the old one stays.
  EXPECT_THAT(texts(branch_of(*chat.recorder)), ElementsAre("Name a colour", "Blue"));
}

TEST_F(ConversationTreeTest, OnlyAPromptCanBeAnsweredAgain) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "q", "a");
  std::shared_ptr<AnswerRecording> again;
  const Error error = chat->begin_answer(testing::test_source(), again);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_EQ(again, nullptr);
  EXPECT_TRUE(chat.warnings->empty());
}

TEST_F(ConversationTreeTest, EditingAPromptBranchesFromItsParent) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "Hi", "Hello!");
  record_turn(*chat.recorder, "Tell me a joke", "No.");
  const auto before = branch_of(*chat.recorder);
  ASSERT_FALSE(chat->checkout(before[1].id));  // the prompt's parent
  record_turn(*chat.recorder, "Tell me a short joke", "Knock knock.");

  EXPECT_THAT(texts(branch_of(*chat.recorder)),
              ElementsAre("Hi", "Hello!", "Tell me a short joke", "Knock knock."));
  std::vector<StoredMessage> prompts;
  ASSERT_FALSE(store->siblings(before[2].id, prompts));
  EXPECT_THAT(texts(prompts), ElementsAre("Tell me a joke", "Tell me a short joke"));
  // The first branch is still whole.
  std::vector<StoredMessage> old_branch;
  ASSERT_FALSE(store->branch(before[3].id, old_branch));
  EXPECT_THAT(texts(old_branch), ElementsAre("Hi", "Hello!", "Tell me a joke", "No."));
}

TEST_F(ConversationTreeTest, ACheckoutOutsideTheConversationIsRefused) {
  TestRecorder one(store);
  TestRecorder other(store);
  record_turn(*one.recorder, "a", "b");
  record_turn(*other.recorder, "c", "d");
  const Error error = one->checkout(other->current_leaf_id());
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(texts(branch_of(*one.recorder)), ElementsAre("a", "b"));
}

TEST_F(ConversationTreeTest, TheCurrentLeafIsKeptInTheFile) {
  std::string conversation;
  {
    TestRecorder chat(store);
    record_turn(*chat.recorder, "one", "1");
    record_turn(*chat.recorder, "two", "2");
    ASSERT_FALSE(chat->checkout(branch_of(*chat.recorder)[1].id));
    conversation = chat->conversation_id();
  }
  TestRecorder later(open_store(folder.path() / "tinychat.db"), conversation);
  History history;
  ASSERT_FALSE(later->branch_history(history));
  EXPECT_THAT(history, ElementsAre(Message{Role::user, "one", "", false},
                                   Message{Role::assistant, "1", "", false}));
}

TEST_F(ConversationTreeTest, BranchHistoryIsWhatTheNextRequestSends) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "first", "", {MessageStatus::failed, "Connection refused", "", {}});
  record_turn(*chat.recorder, "second", "Once upon",
              {MessageStatus::interrupted, "cancelled", "", {}});
  History history;
  ASSERT_FALSE(chat->branch_history(history));
  // As ChatSession keeps turns: an answer that failed before any text is left out; a partial
  // one is marked interrupted.
  EXPECT_THAT(history, ElementsAre(Message{Role::user, "first", "", false},
                                   Message{Role::user, "second", "", false},
                                   Message{Role::assistant, "Once upon", "", true}));
}

TEST_F(ConversationTreeTest, TheTitleIsTheFirstPromptsFirstLine) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "\n  \n  Fix this stack trace:  \nTraceback (most recent call last)",
              "Sure.");
  record_turn(*chat.recorder, "Another prompt", "ok");
  ConversationSummary summary;
  ASSERT_FALSE(store->find_conversation(chat->conversation_id(), summary));
  EXPECT_EQ(summary.title, "Fix this stack trace:");
  ASSERT_FALSE(store->set_title(summary.id, "Stack trace"));
  ASSERT_FALSE(store->find_conversation(chat->conversation_id(), summary));
  EXPECT_EQ(summary.title, "Stack trace");
}

TEST_F(ConversationTreeTest, ALongTitleIsCutOnACharacterBoundary) {
  TestRecorder chat(store);
  std::string prompt;
  while (prompt.size() < 200) prompt += "日本語";
  record_turn(*chat.recorder, prompt, "ok");
  ConversationSummary summary;
  ASSERT_FALSE(store->find_conversation(chat->conversation_id(), summary));
  // 80 bytes would end inside the 27th character (3 bytes each): 26 characters are kept.
  EXPECT_EQ(summary.title, prompt.substr(0, 78) + "…");
}

TEST_F(ConversationTreeTest, RecentConversationsComeNewestFirstWithModelAndTurns) {
  TestRecorder older(store);
  record_turn(*older.recorder, "old", "1");
  TestRecorder newer(store);
  record_turn(*newer.recorder, "new", "1");
  record_turn(*newer.recorder, "new again", "2");
  // A new turn in the older conversation makes it the most recent. Times are in milliseconds:
  // one must pass, or the two conversations tie (and then the newer one comes first).
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  record_turn(*older.recorder, "old again", "2");
  record_turn(*older.recorder, "and again", "3");

  std::vector<ConversationSummary> recent;
  ASSERT_FALSE(store->recent_conversations(10, recent));
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].id, older->conversation_id());
  EXPECT_EQ(recent[0].turns, 3u);
  EXPECT_EQ(recent[0].model, "gpt-test");
  EXPECT_EQ(recent[0].title, "old");
  EXPECT_EQ(recent[0].current_leaf_id, older->current_leaf_id());
  EXPECT_EQ(recent[1].turns, 2u);
  ASSERT_FALSE(store->recent_conversations(1, recent));
  EXPECT_EQ(recent.size(), 1u);
}

TEST_F(ConversationTreeTest, AConversationIsFoundByAnyUniquePrefixOfItsId) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "q", "a");
  const std::string id = chat->conversation_id();
  ASSERT_EQ(id.size(), 16u);
  ConversationSummary found;
  ASSERT_FALSE(store->find_conversation(id, found));
  EXPECT_EQ(found.id, id);

  // Upper case and Crockford's look-alikes (O for 0, I and L for 1) name the same id.
  std::string typed = id;
  for (char& c : typed) {
    if (c == '0')
      c = 'O';
    else if (c == '1')
      c = 'L';
    else
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  ASSERT_FALSE(store->find_conversation(typed, found)) << typed;
  EXPECT_EQ(found.id, id);

  // Ids made in the same second share their first characters; the whole id is unique.
  TestRecorder second(store);
  record_turn(*second.recorder, "q2", "a2");
  const Error ambiguous = store->find_conversation(id.substr(0, 4), found);
  EXPECT_EQ(ambiguous.code, ErrorCode::invalid_argument);
  EXPECT_THAT(ambiguous.message, HasSubstr("more than one conversation"));
  EXPECT_EQ(store->find_conversation("zzzzzzzz", found).code, ErrorCode::invalid_argument);
  EXPECT_EQ(store->find_conversation("not-an-id!", found).code, ErrorCode::invalid_argument);
}

TEST_F(ConversationTreeTest, ContinuingAnUnknownConversationIsRefused) {
  std::shared_ptr<ConversationRecorder> recorder;
  const Error error = ConversationRecorder::open(store, "0123456789abcdef", recorder);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message, HasSubstr("no conversation with id 0123456789abcdef"));
}

TEST_F(ConversationTreeTest, DeletingAConversationRemovesEveryMessage) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "forget me", "gone");
  TestRecorder kept(store);
  record_turn(*kept.recorder, "keep me", "here");
  ASSERT_FALSE(store->delete_conversation(chat->conversation_id()));
  const auto path = folder.path() / "tinychat.db";
  EXPECT_EQ(testing::read_one(path, "SELECT count(*) FROM messages"), "2");
  std::vector<SearchHit> hits;
  ASSERT_FALSE(store->search("forget", {}, hits));
  EXPECT_TRUE(hits.empty());
  EXPECT_EQ(store->delete_conversation(chat->conversation_id()).code, ErrorCode::invalid_argument);
}

TEST_F(ConversationTreeTest, ImportRoundTripsExactlyAndTwiceAddsNothing) {
  TestRecorder chat(store);
  record_turn(*chat.recorder, "Hi", "Hello!");
  record_turn(*chat.recorder, "Bye", "Cut sho", {MessageStatus::failed, "Overloaded", "", {}});
  ASSERT_FALSE(chat->checkout(branch_of(*chat.recorder)[0].id));
  std::shared_ptr<AnswerRecording> again;
  ASSERT_FALSE(chat->begin_answer(testing::test_source(), again));
  const Delta reasoning = Delta::thinking("thinking");
  again->append({&reasoning, 1});
  again->finish({MessageStatus::complete, "", "stop", {10, 20, 5, 2}});
  chat->flush();
  StoredConversation original;
  ASSERT_FALSE(store->load_conversation(chat->conversation_id(), original));
  ASSERT_EQ(original.messages.size(), 5u);

  TempFolder elsewhere;
  auto copy = open_store(elsewhere.path() / "copy.db");
  bool added = false;
  ASSERT_FALSE(copy->import_conversation(original, added));
  EXPECT_TRUE(added);
  ASSERT_FALSE(copy->import_conversation(original, added));
  EXPECT_FALSE(added);
  StoredConversation imported;
  ASSERT_FALSE(copy->load_conversation(original.summary.id, imported));
  EXPECT_EQ(imported.summary, original.summary);
  EXPECT_EQ(imported.messages, original.messages);
  EXPECT_EQ(testing::read_one(elsewhere.path() / "copy.db", "SELECT count(*) FROM messages"), "5");
}

TEST_F(ConversationTreeTest, AnImportWhoseTreeIsBrokenIsRefusedWhole) {
  StoredConversation broken;
  broken.summary.id = "0000000000000001";
  StoredMessage orphan;
  orphan.id = "m2";
  orphan.parent_id = "m1";
  broken.messages.push_back(orphan);
  bool added = true;
  const Error error = store->import_conversation(broken, added);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message, HasSubstr("m1"));
  std::vector<ConversationSummary> recent;
  ASSERT_FALSE(store->recent_conversations(10, recent));
  EXPECT_TRUE(recent.empty());
}

TEST_F(ConversationTreeTest, StoredBaseUrlsLoseTheirPassword) {
  TestRecorder chat(store);
  AnswerSource source = testing::test_source();
  source.base_url = "https://me:hunter2-secret@llm.example.com/v1";
  auto recording = chat->begin_turn("q", source);
  recording->finish({});
  chat->flush();
  EXPECT_EQ(branch_of(*chat.recorder)[1].base_url, "https://llm.example.com/v1");
}

}  // namespace
}  // namespace tinychat
