// What a turn's error may carry: no key, no credentials, no megabytes of server text; and what a
// turn may hold: a bounded answer, held once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/fake_provider.h"
#include "mocks/mock_session.h"
#include "support/collected_deltas.h"
#include "tinychat/chat_session.h"

namespace tinychat {
namespace {

using ::testing::_;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::Reply;

constexpr const char* kKey = "sk-live-0123456789abcdef";

class TurnHygieneTest : public ::testing::Test {
 protected:
  TurnResult turn_with(std::shared_ptr<const Provider> provider, int status,
                       std::vector<std::string> pieces) {
    EXPECT_CALL(*http, post(_, _, _)).WillOnce(Reply(status, std::move(pieces)));
    // One attempt: these tests are about what its error says (retries have their own tests).
    ChatSession chat(http, std::move(provider), options, RetryPolicy{.max_retries = 0});
    return chat.stream_response("hello").get();
  }

  std::shared_ptr<testing::MockSession> http = std::make_shared<testing::MockSession>();
  RequestOptions options{"fake-model", "", std::nullopt, std::nullopt};
};

TEST_F(TurnHygieneTest, KeyEchoedAcrossTheExcerptCutIsRedactedWhole) {
  // The key starts just before the excerpt's cut: cutting first, then redacting, used to show
  // all of it but its last character.
  const std::string body = std::string(290, 'x') + " " + kKey + " and more";
  const TurnResult result = turn_with(std::make_shared<testing::FakeProvider>(kKey), 500, {body});
  EXPECT_THAT(result.error.message, Not(HasSubstr("sk-live-0123456789")));
  EXPECT_THAT(result.error.message, Not(HasSubstr("0123456789abcde")));
}

TEST_F(TurnHygieneTest, BasicCredentialsOfTheBaseUrlEchoedByTheServerAreRedacted) {
  // curl sends "Authorization: Basic base64(user:password)" for http://user:password@host.
  auto provider =
      std::make_shared<testing::FakeProvider>("", "http://alice:s3cret-passw0rd@127.0.0.1:9/v1");
  const TurnResult result = turn_with(
      provider, 400,
      {"echo: Authorization: Basic YWxpY2U6czNjcmV0LXBhc3N3MHJk user alice:s3cret-passw0rd"});
  EXPECT_THAT(result.error.message, Not(HasSubstr("YWxpY2U6czNjcmV0LXBhc3N3MHJk")));
  EXPECT_THAT(result.error.message, Not(HasSubstr("s3cret-passw0rd")));
  EXPECT_THAT(result.error.message, HasSubstr("[redacted]"));
}

TEST_F(TurnHygieneTest, ShortKeyDoesNotMangleTheMessage) {
  const TurnResult result =
      turn_with(std::make_shared<testing::FakeProvider>("red"), 400, {"message=redirected"});
  EXPECT_THAT(result.error.message, HasSubstr(": redirected"));
  EXPECT_THAT(result.error.message, Not(HasSubstr("[redacted]")));
}

TEST_F(TurnHygieneTest, FiveMegabyteProviderMessageIsCutToAReadableLength) {
  const std::string huge(5 << 20, 'm');
  const TurnResult result =
      turn_with(std::make_shared<testing::FakeProvider>(kKey), 500, {"message=" + huge});
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_LT(result.error.message.size(), 3000u);
  EXPECT_THAT(result.error.message, HasSubstr("Status Code: 500: mmmm"));
  EXPECT_THAT(result.error.message, HasSubstr("..."));
}

TEST_F(TurnHygieneTest, HugeErrorEventInsideAStreamIsCutToo) {
  const std::string huge(1 << 20, 'e');
  const TurnResult result =
      turn_with(std::make_shared<testing::FakeProvider>(kKey), 200, {"data: ERR:" + huge + "\n\n"});
  EXPECT_EQ(result.error.code, ErrorCode::stream_error);
  EXPECT_LT(result.error.message.size(), 3000u);
}

TEST_F(TurnHygieneTest, UnauthorizedWithoutAKeySaysWhichKeyToSet) {
  const TurnResult result =
      turn_with(std::make_shared<testing::FakeProvider>(""), 401, {"message=unauthorized"});
  EXPECT_THAT(result.error.message, HasSubstr("unauthorized (no API key was sent: set"));
  EXPECT_THAT(result.error.message, HasSubstr("endpoint \"fake\""));
}

TEST_F(TurnHygieneTest, UnauthorizedWithAKeyHasNoHint) {
  const TurnResult result =
      turn_with(std::make_shared<testing::FakeProvider>(kKey), 401, {"message=unauthorized"});
  EXPECT_THAT(result.error.message, Not(HasSubstr("no API key was sent")));
}

TEST_F(TurnHygieneTest, AnswerPastTheBoundStopsTheTurnAndKeepsWhatArrived) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: 0123456789\n\n", "data: 0123456789\n\n", "data: never\n\n",
                            "data: [END]\n\n"}));
  ChatSession chat(http, std::make_shared<testing::FakeProvider>(kKey), options);
  chat.set_turn_policy({.max_answer_bytes = 15});
  testing::CollectedDeltas seen;
  const TurnResult result = chat.stream_response("talk", seen.callback()).get();
  EXPECT_EQ(result.error.code, ErrorCode::answer_too_large);
  EXPECT_EQ(result.text, "01234567890123456789");  // delivered, then stopped
  EXPECT_EQ(seen.text, "01234567890123456789");
  ASSERT_EQ(chat.history().size(), 2u);
  EXPECT_TRUE(chat.history()[1].interrupted);
}

TEST_F(TurnHygieneTest, OneShotSessionHoldsNoCopyOfTheAnswer) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: [REASON]hmm\n\ndata: answer\n\ndata: [END]\n\n"}));
  ChatSession chat(http, std::make_shared<testing::FakeProvider>(kKey), options);
  chat.set_turn_policy({.keep_history = false});
  testing::CollectedDeltas seen;
  const TurnResult result = chat.stream_response("q", seen.callback()).get();
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(seen.text, "answer");       // the caller got every piece...
  EXPECT_THAT(result.text, IsEmpty());  // ...and nothing else holds them
  EXPECT_THAT(result.reasoning, IsEmpty());
  EXPECT_EQ(result.text_bytes, 6u);
  EXPECT_THAT(chat.history(), IsEmpty());
}

}  // namespace
}  // namespace tinychat
