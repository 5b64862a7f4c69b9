// A ChatSession bound to a ConversationRecorder records every turn itself: the prompt before the
// request goes out, the answer as it streams, how it ended.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "mocks/fake_provider.h"
#include "mocks/held_transfer.h"
#include "mocks/mock_session.h"
#include "store/sqlite.h"
#include "support/collected_deltas.h"
#include "support/temp_folder.h"
#include "support/test_data.h"
#include "tinychat/chat_session.h"
#include "tinychat/store.h"

namespace tinychat {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using testing::FailWith;
using testing::FakeProvider;
using ::testing::HasSubstr;
using testing::HeldTransfer;
using testing::MockSession;
using ::testing::Not;
using testing::Reply;

std::string read_one(const std::filesystem::path& path, const std::string& sql) {
  store::Database db(path, SQLITE_OPEN_READONLY);
  store::Statement query(db, sql);
  return query.step() ? std::string(query.text(0)) : std::string("<no row>");
}

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ChatRecordingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(Store::open(db, store));
    ASSERT_FALSE(ConversationRecorder::open(store, {}, recorder));
    recorder->set_warning_handler([this](const Error& e) { warnings.push_back(e); });
  }

  // The answer of the conversation's latest turn, as another process reads the file.
  std::string answer(const std::string& columns) {
    recorder->flush();
    return read_one(db, "SELECT " + columns +
                            " FROM messages WHERE role = 'assistant' ORDER BY seq DESC LIMIT 1");
  }

  testing::TempFolder folder;
  std::filesystem::path db = folder.path() / "tinychat.db";
  std::shared_ptr<Store> store;
  std::shared_ptr<ConversationRecorder> recorder;
  std::vector<Error> warnings;
  std::shared_ptr<MockSession> http = std::make_shared<MockSession>();
  std::shared_ptr<FakeProvider> provider = std::make_shared<FakeProvider>();
  RequestOptions options{"fake-model", "Answer briefly.", 0.5, std::nullopt};
};

TEST_F(ChatRecordingTest, ThePromptIsStoredBeforeTheRequestAndTheAnswerAsItStreams) {
  auto openai = std::shared_ptr<const Provider>(make_provider(
      {"openai", ApiFamily::openai, OpenAIDialect::openai, "https://api.openai.com/v1", "sk-x"}));
  HeldTransfer held;
  std::string at_request_time;
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce([&](const HttpRequest& request, BodyCallback body, CompletionCallback done) {
        // What another process sees at the moment the request goes out.
        at_request_time = read_one(db,
                                   "SELECT group_concat(role || ':' || status || ':' || text, "
                                   "'|') FROM (SELECT * FROM messages ORDER BY seq)");
        return held.action()(request, std::move(body), std::move(done));
      });
  ChatSession chat(http, openai, {"gpt-4o", "Answer briefly.", 0.5, std::nullopt});
  ASSERT_FALSE(chat.record_to(recorder));
  testing::CollectedDeltas seen;
  PendingReply reply = chat.stream_response("Say hello", seen.callback());
  EXPECT_EQ(at_request_time, "user:complete:Say hello|assistant:streaming:");

  const std::string stream = testing::read_test_data("openai.sse");
  const std::size_t half = stream.size() / 2;
  ASSERT_TRUE(held.on_body(stream.substr(0, half)));
  // The first half reaches the file while the reply is still open.
  const auto began = std::chrono::steady_clock::now();
  std::string checkpointed;
  while (checkpointed.empty() &&
         std::chrono::steady_clock::now() - began < std::chrono::seconds(2)) {
    checkpointed = read_one(db, "SELECT coalesce(group_concat(text, ''), '') FROM answer_chunks");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(checkpointed.empty());
  EXPECT_TRUE(seen.text.starts_with(checkpointed)) << checkpointed;
  EXPECT_LE(std::chrono::steady_clock::now() - began, std::chrono::milliseconds(250));

  ASSERT_TRUE(held.on_body(stream.substr(half)));
  held.end(HttpResult{{}, 200, {}, {}, stream.size()});
  const TurnResult result = reply.get();
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(answer("text"), testing::read_test_data("openai.answer"));
  EXPECT_EQ(answer("status || ' ' || finish_reason"), "complete stop");
  EXPECT_EQ(answer("input_tokens || ' ' || output_tokens || ' ' || reasoning_tokens || ' ' || "
                   "cached_tokens"),
            "19 24 0 0");
  EXPECT_EQ(answer("provider || ' ' || model || ' ' || base_url || ' ' || temperature || ' ' || "
                   "system_prompt"),
            "openai gpt-4o https://api.openai.com/v1 0.5 Answer briefly.");
  EXPECT_TRUE(warnings.empty());
}

TEST_F(ChatRecordingTest, AFailedAnswerKeepsItsTextAndError) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: Once upon\n\ndata: ERR:Overloaded\n\n"}));
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.record_to(recorder));
  chat.stream_response("tell me").get();
  EXPECT_EQ(answer("status || ': ' || text || ': ' || error"), "failed: Once upon: Overloaded");
}

TEST_F(ChatRecordingTest, AFailedRequestKeepsThePrompt) {
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(FailWith(ErrorCode::network, "could not connect to 127.0.0.1 port 9"));
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.record_to(recorder));
  chat.stream_response("hello?").get();
  EXPECT_EQ(read_one(db, "SELECT text FROM messages WHERE role = 'user'"), "hello?");
  EXPECT_EQ(answer("status || ': ' || text || ': ' || error"),
            "failed: : could not connect to 127.0.0.1 port 9");
}

TEST_F(ChatRecordingTest, AStoppedAnswerIsInterrupted) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.record_to(recorder));
  PendingReply reply = chat.stream_response("story");
  held.on_body("data: Once\n\n");
  reply.cancel();
  held.end(HttpResult{Error(ErrorCode::cancelled, "cancelled"), 200, {}, {}, 0});
  reply.get();
  EXPECT_EQ(answer("status || ': ' || text"), "interrupted: Once");
}

TEST_F(ChatRecordingTest, AStoredConversationContinuesWithItsHistory) {
  std::vector<std::string> bodies;
  EXPECT_CALL(*http, post(_, _, _))
      .Times(3)
      .WillRepeatedly(
          [&](const HttpRequest& request, BodyCallback on_body, CompletionCallback on_done) {
            bodies.push_back(request.body);
            return Reply(200, {"data: A" + std::to_string(bodies.size()) + "\n\ndata: [END]\n\n"})(
                request, on_body, on_done);
          });
  std::string conversation;
  {
    ChatSession first(http, provider, options);
    ASSERT_FALSE(first.record_to(recorder));
    first.stream_response("Q1").get();
    first.stream_response("Q2").get();
    conversation = recorder->conversation_id();
  }
  recorder.reset();  // the first process ends: its recorder writes what is pending
  // Another process, later (tinychat -c).
  std::shared_ptr<Store> reopened;
  ASSERT_FALSE(Store::open(db, reopened));
  std::shared_ptr<ConversationRecorder> continued;
  ASSERT_FALSE(ConversationRecorder::open(reopened, conversation, continued));
  ChatSession later(http, provider, options);
  ASSERT_FALSE(later.record_to(continued));
  EXPECT_THAT(
      later.history(),
      ElementsAre(Message{Role::user, "Q1", "", false}, Message{Role::assistant, "A1", "", false},
                  Message{Role::user, "Q2", "", false}, Message{Role::assistant, "A2", "", false}));
  later.stream_response("Q3").get();
  EXPECT_THAT(bodies[2], HasSubstr("user:Q1\nassistant:A1\nuser:Q2\nassistant:A2\nuser:Q3\n"));
  continued->flush();
  EXPECT_EQ(read_one(db,
                     "SELECT count(*) || ' ' || count(DISTINCT conversation_id) FROM "
                     "messages"),
            "6 1");
}

TEST_F(ChatRecordingTest, NewChatStartsANewConversation) {
  EXPECT_CALL(*http, post(_, _, _))
      .Times(2)
      .WillRepeatedly(Reply(200, {"data: ok\n\ndata: [END]\n\n"}));
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.record_to(recorder));
  chat.stream_response("first").get();
  const std::string first = recorder->conversation_id();
  chat.clear();
  chat.stream_response("second").get();
  EXPECT_NE(recorder->conversation_id(), first);
  recorder->flush();
  EXPECT_EQ(read_one(db, "SELECT count(*) FROM conversations"), "2");
}

// The file fails in the middle of an answer (here: another process deletes the conversation,
// so the next checkpoint cannot be written). The caller still gets every piece.
TEST_F(ChatRecordingTest, AStoreFailingMidAnswerCostsOneWarningNotTheAnswer) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  ChatSession chat(http, provider, options);
  ASSERT_FALSE(chat.record_to(recorder));
  testing::CollectedDeltas seen;
  PendingReply reply = chat.stream_response("story", seen.callback());
  held.on_body("data: Once\n\n");
  recorder->flush();
  std::shared_ptr<Store> other;
  ASSERT_FALSE(Store::open(db, other));
  ASSERT_FALSE(other->delete_conversation(recorder->conversation_id()));
  held.on_body("data:  upon\n\n");
  recorder->flush();
  held.on_body("data:  a time\n\ndata: [END]\n\n");
  held.end(HttpResult{{}, 200, {}, {}, 0});
  const TurnResult result = reply.get();
  EXPECT_FALSE(result.error);
  EXPECT_EQ(seen.text, "Once upon a time");
  EXPECT_EQ(result.text, "Once upon a time");
  recorder->flush();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0].message, HasSubstr(db.string()));
  EXPECT_THAT(warnings[0].message, HasSubstr("its conversation was deleted meanwhile"));
}

TEST_F(ChatRecordingTest, BindingWhileAReplyStreamsIsRefused) {
  HeldTransfer held;
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(held.action());
  ChatSession chat(http, provider, options);
  PendingReply reply = chat.stream_response("q");
  EXPECT_EQ(chat.record_to(recorder).code, ErrorCode::busy);
  held.on_body("data: a\n\ndata: [END]\n\n");
  held.end(HttpResult{{}, 200, {}, {}, 0});
  reply.get();
  EXPECT_FALSE(chat.record_to(recorder));
}

TEST_F(ChatRecordingTest, KeysNeverReachTheFile) {
  const std::string key = "sk-very-secret-key-123";
  auto keyed = std::make_shared<FakeProvider>(key, "http://user:pa55word-secret@127.0.0.1:9/v1");
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(Reply(200, {"data: fine\n\ndata: [END]\n\n"}))
      .WillOnce(Reply(401, {"message=Incorrect API key provided: " + key}));
  ChatSession chat(http, keyed, options);
  ASSERT_FALSE(chat.record_to(recorder));
  chat.stream_response("one").get();
  chat.stream_response("two").get();
  recorder->flush();
  EXPECT_THAT(answer("error"), HasSubstr("[redacted]"));
  for (const char* suffix : {"", "-wal"}) {
    const std::string bytes = file_bytes(db.string() + suffix);
    EXPECT_THAT(bytes, Not(HasSubstr(key))) << suffix;
    EXPECT_THAT(bytes, Not(HasSubstr("pa55word"))) << suffix;
  }
}

}  // namespace
}  // namespace tinychat
