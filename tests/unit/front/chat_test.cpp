// Chat::ask: blocks until the reply ends, hands over the answer's text and nothing else.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "mocks/fake_provider.h"
#include "mocks/mock_session.h"
#include "tinychat/open_chat.h"

namespace tinychat {
namespace {

using ::testing::_;
using testing::MockSession;

Chat chat_over(std::shared_ptr<MockSession> http) {
  RequestOptions options;
  options.model = "m";
  return Chat(std::make_unique<ChatSession>(std::move(http),
                                            std::make_shared<testing::FakeProvider>(), options));
}

TEST(ChatTest, AskStreamsTheAnswerTextAndKeepsTheTurn) {
  auto http = std::make_shared<MockSession>();
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(testing::Reply(
          200, {"data: [REASON]hmm\n\n", "data: Hel\n\n", "data: lo\n\n", "data: [END]\n\n"}));
  Chat chat = chat_over(http);
  std::vector<std::string> pieces;
  TurnResult result = chat.ask("hi", [&](std::string_view text) { pieces.emplace_back(text); });

  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(pieces, ::testing::ElementsAre("Hel", "lo"));  // the reasoning stays out
  EXPECT_EQ(result.text, "Hello");
  EXPECT_EQ(result.reasoning, "hmm");
  ASSERT_EQ(chat.session().history().size(), 2u);
  EXPECT_EQ(chat.session().history()[1].content, "Hello");
}

TEST(ChatTest, AFailedReplyIsInTheResult) {
  auto http = std::make_shared<MockSession>();
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(testing::Reply(401, {"message=Incorrect API key provided"}));
  Chat chat = chat_over(http);
  TurnResult result = chat.ask("hi");
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_THAT(result.error.message, ::testing::HasSubstr("Incorrect API key provided"));
}

}  // namespace
}  // namespace tinychat
