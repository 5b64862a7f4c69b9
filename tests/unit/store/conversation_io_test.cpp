// Export and import: tinychat's JSON round-trips exactly, ChatGPT's and llm's histories come in
// with their trees, a second import adds nothing, and a bad file adds nothing at all.

#include "tinychat/conversation_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store_test_support.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::open_store;
using testing::read_test_data;
using testing::record_turn;
using testing::TempFolder;
using testing::TestRecorder;

std::vector<std::string> texts(const std::vector<StoredMessage>& messages) {
  std::vector<std::string> out;
  for (const StoredMessage& m : messages) out.push_back(m.text);
  return out;
}

void expect_same(const StoredConversation& actual, const StoredConversation& expected) {
  EXPECT_EQ(actual.summary, expected.summary);
  ASSERT_EQ(actual.messages.size(), expected.messages.size());
  for (std::size_t i = 0; i < expected.messages.size(); ++i)
    EXPECT_EQ(actual.messages[i], expected.messages[i]) << "message " << i;
}

// Runs the .sql fixture into a new SQLite file, as llm would have written it.
void make_llm_logs(const std::filesystem::path& path, const std::string& fixture) {
  store::Database db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db.exec(read_test_data("import/" + fixture).c_str());
}

class ConversationIoTest : public ::testing::Test {
 protected:
  TempFolder folder;
  std::shared_ptr<Store> store = open_store(folder.path() / "tinychat.db");

  std::size_t count_conversations(Store& s) {
    std::vector<ConversationSummary> all;
    EXPECT_FALSE(s.recent_conversations(1000, all));
    return all.size();
  }
  StoredConversation load(Store& s, const std::string& id) {
    StoredConversation out;
    const Error error = s.load_conversation(id, out);
    EXPECT_FALSE(error) << error.message;
    return out;
  }
  // Imports each one; returns how many were added.
  std::size_t import_all(Store& s, const std::vector<StoredConversation>& conversations) {
    std::size_t added = 0;
    for (const StoredConversation& c : conversations) {
      bool was_added = false;
      const Error error = s.import_conversation(c, was_added);
      EXPECT_FALSE(error) << error.message;
      added += was_added;
    }
    return added;
  }

  // A conversation with an edited prompt (two branches), a regenerated answer, a failed one
  // with usage and reasoning: every field the store keeps.
  StoredConversation branched_conversation() {
    TestRecorder chat(store);
    record_turn(*chat.recorder, "Name a colour", "Red");
    const std::string second_prompt_parent = chat->current_leaf_id();
    record_turn(*chat.recorder, "Another", "Green",
                {MessageStatus::failed, "HTTP 500: overloaded", "", {12, 3, 1, 4}});
    // Edit the second prompt: a sibling prompt on a new branch.
    EXPECT_FALSE(chat->checkout(second_prompt_parent));
    std::shared_ptr<AnswerRecording> edited = chat->begin_turn("Another, please", {});
    const Delta thought = Delta::thinking("Blue is calm.");
    const Delta text = Delta::answer("Blue \xc3\xa9t\xc3\xa9 \"quoted\"\n");
    edited->append({&thought, 1});
    edited->append({&text, 1});
    edited->finish({MessageStatus::complete, "", "stop", {20, 5, -1, -1}});
    chat->flush();
    EXPECT_FALSE(store->set_title(chat->conversation_id(), "Colours"));
    return load(*store, chat->conversation_id());
  }
};

TEST_F(ConversationIoTest, OurJsonRoundTripsEveryBranchExactly) {
  const StoredConversation x = branched_conversation();
  ASSERT_EQ(x.messages.size(), 6u);
  const std::string json = export_conversation_json(x);

  std::vector<StoredConversation> read;
  const Error error = read_tinychat_json(json, read);
  ASSERT_FALSE(error) << error.message;
  ASSERT_EQ(read.size(), 1u);
  expect_same(read[0], x);

  // Into another store and out again: the same conversation, the same bytes.
  TempFolder other_folder;
  std::shared_ptr<Store> other = open_store(other_folder.path() / "other.db");
  EXPECT_EQ(import_all(*other, read), 1u);
  const StoredConversation y = load(*other, x.summary.id);
  expect_same(y, x);
  EXPECT_EQ(export_conversation_json(y), json);
}

TEST_F(ConversationIoTest, OurJsonKeepsVersionOnesFieldsForOldReaders) {
  const StoredConversation x = branched_conversation();
  const nlohmann::json document = nlohmann::json::parse(export_conversation_json(x));
  EXPECT_EQ(document["format"], "tinychat.conversation");
  EXPECT_EQ(document["version"], 2);
  // The current branch: the edited prompt and its answer, not the failed one.
  ASSERT_EQ(document["messages"].size(), 4u);
  EXPECT_EQ(document["messages"][2]["content"], "Another, please");
  EXPECT_EQ(document["messages"][3]["reasoning"], "Blue is calm.");
  EXPECT_EQ(document["tree"].size(), 6u);
}

TEST_F(ConversationIoTest, AListOfConversationsRoundTrips) {
  const StoredConversation x = branched_conversation();
  TestRecorder chat(store);
  record_turn(*chat.recorder, "One more", "Sure");
  const StoredConversation z = load(*store, chat->conversation_id());
  std::vector<StoredConversation> read;
  ASSERT_FALSE(read_tinychat_json(export_conversations_json({x, z}), read));
  ASSERT_EQ(read.size(), 2u);
  expect_same(read[0], x);
  expect_same(read[1], z);
}

TEST_F(ConversationIoTest, ImportingTwiceAddsNothing) {
  const StoredConversation x = branched_conversation();
  std::vector<StoredConversation> read;
  ASSERT_FALSE(read_tinychat_json(export_conversation_json(x), read));
  EXPECT_EQ(import_all(*store, read), 0u);  // it came from this store
  EXPECT_EQ(count_conversations(*store), 1u);
}

TEST_F(ConversationIoTest, TheWindowsVersionOneIsALinearConversationAddedOnce) {
  const std::string v1 = read_test_data("import/tinychat_v1.json");
  std::vector<StoredConversation> first;
  std::vector<StoredConversation> second;
  ASSERT_FALSE(read_tinychat_json(v1, first));
  ASSERT_FALSE(read_tinychat_json(v1, second));
  ASSERT_EQ(first.size(), 1u);
  const StoredConversation& c = first[0];
  EXPECT_THAT(texts(c.messages), ElementsAre("Say hi", "Hi!", "Again", "Hi ag"));
  EXPECT_EQ(c.messages[1].reasoning, "A greeting.");
  EXPECT_EQ(c.messages[1].parent_id, c.messages[0].id);
  EXPECT_EQ(c.messages[3].status, MessageStatus::interrupted);
  EXPECT_EQ(c.summary.current_leaf_id, c.messages[3].id);
  EXPECT_EQ(c.summary.title, "Say hi");
  EXPECT_EQ(second[0].summary.id, c.summary.id);  // derived from the content

  EXPECT_EQ(import_all(*store, first), 1u);
  EXPECT_EQ(import_all(*store, second), 0u);
  EXPECT_EQ(count_conversations(*store), 1u);
}

TEST_F(ConversationIoTest, AMalformedFileSaysWhereAndAddsNothing) {
  std::vector<StoredConversation> read;
  Error error =
      read_tinychat_json("{\n  \"format\": \"tinychat.conversation\",\n  \"version\" 2\n}", read);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message, HasSubstr("not valid JSON: line 3, column 13"));
  EXPECT_TRUE(read.empty());

  // A list whose second conversation is broken: not even the first one is read.
  const StoredConversation x = branched_conversation();
  nlohmann::json list = nlohmann::json::parse(export_conversations_json({x, x}));
  list["conversations"][1]["id"] = "0000000000000000";
  list["conversations"][1]["tree"][2]["parent_id"] = "nothing";
  error = read_tinychat_json(list.dump(), read);
  EXPECT_THAT(error.message, HasSubstr("conversations[1].tree[2].parent_id \"nothing\" names no "
                                       "message before it"));
  EXPECT_TRUE(read.empty());

  list["conversations"][1]["tree"][2]["role"] = 7;
  error = read_tinychat_json(list.dump(), read);
  EXPECT_THAT(error.message, HasSubstr("conversations[1].tree[2].role must be a string"));

  error = read_tinychat_json(R"({"format":"tinychat.conversation","version":3,"tree":[]})", read);
  EXPECT_THAT(error.message, HasSubstr("version is 3, which this tinychat does not know"));
  EXPECT_TRUE(read.empty());
}

TEST_F(ConversationIoTest, AMalformedFileNamesItselfAndTheStoreIsUntouched) {
  const std::filesystem::path file = folder.path() / "broken.json";
  testing::write_bytes(file, "[{\"id\": \"a\", \"mapping\": {}},\n {\"id\": ]");
  std::vector<StoredConversation> read;
  const Error error = read_conversation_file(file, read);
  EXPECT_THAT(error.message,
              HasSubstr("could not import " + file.string() + ": not valid JSON: line 2, column"));
  EXPECT_TRUE(read.empty());
  EXPECT_EQ(count_conversations(*store), 0u);
}

TEST_F(ConversationIoTest, AFifoIsRefusedRatherThanWaitedOn) {
  const std::filesystem::path fifo = folder.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::vector<StoredConversation> read;
  const Error error = read_conversation_file(fifo, read);
  EXPECT_THAT(error.message, HasSubstr("is not a regular file"));
}

TEST_F(ConversationIoTest, ChatGptExportKeepsBranchesAndLeavesToolsOut) {
  std::vector<StoredConversation> read;
  const Error error =
      read_chatgpt_export(read_test_data("import/chatgpt_conversations.json"), read);
  ASSERT_FALSE(error) << error.message;
  ASSERT_EQ(read.size(), 2u);
  const StoredConversation& c = read[0];
  EXPECT_EQ(c.summary.title, "Capital cities");
  EXPECT_EQ(c.summary.created_ms, 1700000000123);
  EXPECT_EQ(c.summary.updated_ms, 1700000100500);
  // The system message, the tool call and its result are left out; the edited prompt is a
  // second branch from the same (empty) root.
  EXPECT_THAT(texts(c.messages), ElementsAre("What is the capital of France?", "Paris.",
                                             "What is the capital of Italy? Look it up.", "Rome."));
  EXPECT_EQ(c.messages[0].parent_id, "");
  EXPECT_EQ(c.messages[2].parent_id, "");
  EXPECT_EQ(c.messages[1].parent_id, c.messages[0].id);
  EXPECT_EQ(c.messages[3].parent_id, c.messages[2].id);  // across the hidden tool messages
  EXPECT_EQ(c.messages[3].model, "gpt-4o");
  EXPECT_EQ(c.messages[3].finish_reason, "stop");
  EXPECT_EQ(c.messages[3].sent_ms, 1700000053000);
  EXPECT_EQ(c.summary.current_leaf_id, c.messages[3].id);
  EXPECT_EQ(c.summary.model, "gpt-4o");
  EXPECT_EQ(c.summary.turns, 2u);
  EXPECT_TRUE(read[1].messages.empty());

  EXPECT_EQ(import_all(*store, read), 2u);
  std::vector<StoredConversation> again;
  ASSERT_FALSE(read_chatgpt_export(read_test_data("import/chatgpt_conversations.json"), again));
  EXPECT_EQ(import_all(*store, again), 0u);
  EXPECT_EQ(count_conversations(*store), 2u);
  std::vector<StoredMessage> branch;
  ASSERT_FALSE(store->branch(c.summary.current_leaf_id, branch));
  EXPECT_THAT(texts(branch), ElementsAre("What is the capital of Italy? Look it up.", "Rome."));
}

TEST_F(ConversationIoTest, LlmLogsOfTodayAreReadWithoutAByteChanged) {
  const std::filesystem::path logs = folder.path() / "logs.db";
  make_llm_logs(logs, "llm_logs_new.sql");
  const testing::FileSnapshot before = testing::snapshot(logs);
  std::vector<StoredConversation> read;
  ImportFormat format = ImportFormat::tinychat;
  const Error error = read_conversation_file(logs, read, &format);
  ASSERT_FALSE(error) << error.message;
  EXPECT_EQ(format, ImportFormat::llm_logs);
  ASSERT_EQ(read.size(), 2u);
  const StoredConversation& tea = read[0];
  EXPECT_EQ(tea.summary.title, "Haiku about tea");
  // In time order, not the table's.
  EXPECT_THAT(texts(tea.messages),
              ElementsAre("Write a haiku about tea", "Steam curls from the cup",
                          "Now one about coffee", "Dark roast wakes"));
  for (std::size_t i = 1; i < tea.messages.size(); ++i)
    EXPECT_EQ(tea.messages[i].parent_id, tea.messages[i - 1].id);
  EXPECT_EQ(tea.messages[1].model, "gpt-4o-mini");
  EXPECT_EQ(tea.messages[1].system_prompt, "Be poetic");
  EXPECT_EQ(tea.messages[1].usage.input_tokens, 10);
  EXPECT_EQ(tea.messages[1].usage.output_tokens, 8);
  EXPECT_EQ(tea.messages[1].sent_ms, 1717236000000);
  EXPECT_EQ(tea.messages[1].finished_ms, 1717236001200);
  EXPECT_EQ(tea.summary.current_leaf_id, tea.messages[3].id);
  // A response outside any conversation is one of its own, titled by its prompt.
  EXPECT_EQ(read[1].summary.title, "hello");
  EXPECT_EQ(read[1].summary.model, "claude-3-haiku");

  EXPECT_EQ(import_all(*store, read), 2u);
  std::vector<StoredConversation> again;
  ASSERT_FALSE(read_conversation_file(logs, again));
  EXPECT_EQ(import_all(*store, again), 0u);
  EXPECT_EQ(testing::snapshot(logs), before);
  EXPECT_FALSE(std::filesystem::exists(folder.path() / "logs.db-journal"));
  EXPECT_FALSE(std::filesystem::exists(folder.path() / "logs.db-wal"));
}

TEST_F(ConversationIoTest, LlmLogsOfEarlyVersionsLackColumnsAndStillRead) {
  const std::filesystem::path logs = folder.path() / "old.db";
  make_llm_logs(logs, "llm_logs_old.sql");
  std::vector<StoredConversation> read;
  const Error error = read_llm_logs(logs, read);
  ASSERT_FALSE(error) << error.message;
  ASSERT_EQ(read.size(), 1u);
  EXPECT_THAT(texts(read[0].messages), ElementsAre("Ten names for a cat", "Whiskers, ..."));
  EXPECT_EQ(read[0].messages[1].usage.input_tokens, -1);
  EXPECT_EQ(read[0].messages[1].sent_ms, 1689100378163);
  EXPECT_EQ(import_all(*store, read), 1u);
}

TEST_F(ConversationIoTest, AnotherProgramsDatabaseIsNotLlms) {
  const std::filesystem::path other = folder.path() / "other.db";
  {
    store::Database db(other, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("CREATE TABLE notes (id INTEGER)");
  }
  std::vector<StoredConversation> read;
  const Error error = read_conversation_file(other, read);
  EXPECT_THAT(error.message, HasSubstr("it has no \"responses\" table: not a logs.db of llm"));
}

}  // namespace
}  // namespace tinychat
