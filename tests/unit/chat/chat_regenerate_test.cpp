// ChatSession::regenerate: the last prompt answered again without a new prompt. The new answer
// replaces the old one in the history; the store keeps both, as siblings.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/fake_provider.h"
#include "mocks/mock_session.h"
#include "support/temp_folder.h"
#include "tinychat/chat_session.h"
#include "tinychat/store.h"

namespace tinychat {
namespace {

using ::testing::_;
using testing::FakeProvider;
using testing::MockSession;
using testing::Reply;

class ChatRegenerateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Store::open(folder.path() / "tinychat.db", store));
    ASSERT_FALSE(ConversationRecorder::open(store, {}, recorder));
    // Each request answers "A<n>" and remembers what was sent.
    EXPECT_CALL(*http, post(_, _, _))
        .WillRepeatedly([this](const HttpRequest& request, BodyCallback on_body,
                               CompletionCallback on_done) {
          bodies.push_back(request.body);
          const std::string text = "A" + std::to_string(bodies.size());
          return Reply(200, {"data: " + text + "\n\ndata: [END]\n\n"})(request, on_body, on_done);
        });
  }

  testing::TempFolder folder;
  std::shared_ptr<Store> store;
  std::shared_ptr<ConversationRecorder> recorder;
  std::shared_ptr<MockSession> http = std::make_shared<MockSession>();
  std::shared_ptr<FakeProvider> provider = std::make_shared<FakeProvider>();
  RequestOptions options{"fake-model", "", std::nullopt, std::nullopt};
  std::vector<std::string> bodies;
};

TEST_F(ChatRegenerateTest, SendsTheHistoryUpToTheLastPromptAndReplacesItsAnswer) {
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.record_to(recorder));
  ASSERT_FALSE(chat.stream_response("Q1").get().error);
  ASSERT_FALSE(chat.stream_response("Q2").get().error);
  const TurnResult again = chat.regenerate().get();
  ASSERT_FALSE(again.error) << again.error.message;
  EXPECT_EQ(again.text, "A3");
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(bodies[2], "model:fake-model\nuser:Q1\nassistant:A1\nuser:Q2\n");
  const History expected = {{Role::user, "Q1", {}, false},
                            {Role::assistant, "A1", {}, false},
                            {Role::user, "Q2", {}, false},
                            {Role::assistant, "A3", {}, false}};
  EXPECT_EQ(chat.history(), expected);

  // The store: the branch now ends with the new answer, the old one is its sibling.
  History branch;
  ASSERT_FALSE(recorder->branch_history(branch));
  EXPECT_EQ(branch, expected);
  std::vector<StoredMessage> siblings;
  ASSERT_FALSE(store->siblings(recorder->current_leaf_id(), siblings));
  ASSERT_EQ(siblings.size(), 2u);
  EXPECT_EQ(siblings[0].text, "A2");
  EXPECT_EQ(siblings[1].text, "A3");
  StoredConversation conversation;
  ASSERT_FALSE(store->load_conversation(recorder->conversation_id(), conversation));
  EXPECT_EQ(conversation.messages.size(), 5u);  // one prompt each, three answers

  // A turn after it follows the new answer.
  ASSERT_FALSE(chat.stream_response("Q3").get().error);
  EXPECT_EQ(bodies[3], "model:fake-model\nuser:Q1\nassistant:A1\nuser:Q2\nassistant:A3\nuser:Q3\n");
}

// /retry after `tinychat rm` removed the conversation: the answer came, unrecorded, and nothing
// said so.
TEST_F(ChatRegenerateTest, APromptGoneFromTheStoreIsAnsweredWithAWarning) {
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.record_to(recorder));
  std::vector<std::string> warnings;
  recorder->set_warning_handler([&](const Error& warning) { warnings.push_back(warning.message); });
  ASSERT_FALSE(chat.stream_response("Q1").get().error);
  recorder->flush();
  ASSERT_FALSE(store->delete_conversation(recorder->conversation_id()));
  const TurnResult again = chat.regenerate().get();
  ASSERT_FALSE(again.error) << again.error.message;
  EXPECT_EQ(again.text, "A2");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0],
              ::testing::AllOf(::testing::HasSubstr("could not find the prompt to answer again"),
                               ::testing::HasSubstr("no longer recorded")));
}

TEST_F(ChatRegenerateTest, WorksWithoutAStoreToo) {
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.stream_response("Q1").get().error);
  ASSERT_FALSE(chat.regenerate().get().error);
  EXPECT_EQ(bodies[1], "model:fake-model\nuser:Q1\n");
  const History expected = {{Role::user, "Q1", {}, false}, {Role::assistant, "A2", {}, false}};
  EXPECT_EQ(chat.history(), expected);
}

TEST_F(ChatRegenerateTest, WithoutAPromptThereIsNothingToAnswerAgain) {
  ChatSession chat(http, provider, options);
  bool told = false;
  const TurnResult result =
      chat.regenerate(
              {}, [&](const TurnResult& r) { told = r.error.code == ErrorCode::invalid_argument; })
          .get();
  EXPECT_EQ(result.error.code, ErrorCode::invalid_argument);
  EXPECT_TRUE(told);
  EXPECT_TRUE(bodies.empty());
}

TEST_F(ChatRegenerateTest, AnEditedFirstPromptStartsABranchBesideTheOldOne) {
  // What /edit does for the first prompt: checkout("") then the edited prompt.
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.record_to(recorder));
  ASSERT_FALSE(chat.stream_response("Q1").get().error);
  StoredMessage prompt;
  ASSERT_FALSE(recorder->last_prompt(prompt));
  EXPECT_EQ(prompt.text, "Q1");
  ASSERT_FALSE(recorder->checkout(prompt.parent_id));
  ASSERT_FALSE(chat.record_to(recorder));
  EXPECT_TRUE(chat.history().empty());
  ASSERT_FALSE(chat.stream_response("Q1 edited").get().error);
  EXPECT_EQ(bodies[1], "model:fake-model\nuser:Q1 edited\n");
  StoredConversation conversation;
  ASSERT_FALSE(store->load_conversation(recorder->conversation_id(), conversation));
  EXPECT_EQ(conversation.messages.size(), 4u);
  History branch;
  ASSERT_FALSE(recorder->branch_history(branch));
  ASSERT_EQ(branch.size(), 2u);
  EXPECT_EQ(branch[0].content, "Q1 edited");
}

}  // namespace
}  // namespace tinychat
