// The command line and the conversation store: every prompt recorded, -c and --cid continue,
// log, show and rm, and the store never costing an answer (kill -9, a damaged or read-only
// file, a full disk, eight writers at once).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_fixture.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using testing::Gate;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Reply;

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class CliStoreTest : public CliTest {
 protected:
  // `tinychat show --format json` of a conversation, parsed.
  nlohmann::json shown(const std::string& id = {}) {
    std::vector<std::string> args{"show", "--format", "json"};
    if (!id.empty()) args.push_back(id);
    auto cli = run(args);
    EXPECT_EQ(cli->wait(), 0) << cli->err();
    return nlohmann::json::parse(cli->out(), nullptr, false);
  }

  nlohmann::json logged() {
    auto cli = run({"log", "--json"});
    EXPECT_EQ(cli->wait(), 0) << cli->err();
    return nlohmann::json::parse(cli->out(), nullptr, false);
  }
};

TEST_F(CliStoreTest, EveryPromptAndAnswerIsRecordedAndShownBack) {
  server.enqueue(openai_answer("Futures are values that arrive later."));
  auto cli = run({"-m", "gpt-4o", "Explain futures\nin one line"});
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  const nlohmann::json messages = shown()["messages"];
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["content"], "Explain futures\nin one line");
  EXPECT_EQ(messages[1]["content"], "Futures are values that arrive later.");
  EXPECT_FALSE(messages[1].contains("interrupted"));
  const nlohmann::json list = logged();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["title"], "Explain futures");
  EXPECT_EQ(list[0]["model"], "gpt-4o");
  EXPECT_EQ(list[0]["turns"], 1);
  struct stat info {};
  ASSERT_EQ(::stat(db.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);  // conversations are private
}

TEST_F(CliStoreTest, ContinueSendsTheHistoryToTheSameModel) {
  // -c used to be refused as an unknown option.
  server.enqueue(openai_answer("Paris."));
  auto first = run({"-m", "gpt-4o-mini", "Capital of France?"});
  ASSERT_EQ(first->wait(), 0) << first->err();
  server.enqueue(openai_answer("About 2 million."));
  auto second = run({"-c", "And its population?"});
  ASSERT_EQ(second->wait(), 0) << second->err();
  EXPECT_EQ(second->out(), "About 2 million.");
  ASSERT_TRUE(server.wait_for_requests(2));
  const nlohmann::json body = nlohmann::json::parse(server.request(1).body);
  EXPECT_EQ(body["model"], "gpt-4o-mini");
  ASSERT_EQ(body["messages"].size(), 3u);
  EXPECT_EQ(body["messages"][0]["content"], "Capital of France?");
  EXPECT_EQ(body["messages"][1]["content"], "Paris.");
  EXPECT_EQ(body["messages"][2]["content"], "And its population?");
  EXPECT_EQ(shown()["messages"].size(), 4u);
  EXPECT_EQ(logged().size(), 1u);
}

TEST_F(CliStoreTest, CidContinuesTheConversationItsPrefixNames) {
  server.enqueue(openai_answer("A1"));
  ASSERT_EQ(run({"-m", "gpt-4o", "first conversation"})->wait(), 0);
  std::this_thread::sleep_for(5ms);
  server.enqueue(openai_answer("B1"));
  ASSERT_EQ(run({"-m", "gpt-4o", "second conversation"})->wait(), 0);
  const nlohmann::json list = logged();
  ASSERT_EQ(list.size(), 2u);
  const std::string first_id = list[1]["id"];  // newest first
  server.enqueue(openai_answer("A2"));
  auto cli = run({"--cid", first_id.substr(0, 12), "more"});
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  const nlohmann::json body = nlohmann::json::parse(server.request(2).body);
  EXPECT_EQ(body["messages"][0]["content"], "first conversation");
  EXPECT_EQ(shown(first_id)["messages"].size(), 4u);
}

TEST_F(CliStoreTest, ContinueWithNothingToContinueSaysSo) {
  auto cli = run({"-c", "hello"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), HasSubstr("no conversation to continue"));
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CliStoreTest, NoLogAndConfigLogFalseRecordNothing) {
  server.enqueue(openai_answer("one"));
  ASSERT_EQ(run({"-m", "gpt-4o", "-n", "not recorded"})->wait(), 0);
  std::filesystem::create_directories(config_home / "tinychat");
  std::ofstream(config_home / "tinychat" / "config.json") << R"({"log": false})";
  server.enqueue(openai_answer("two"));
  ASSERT_EQ(run({"-m", "gpt-4o", "not recorded either"})->wait(), 0);
  EXPECT_EQ(logged().size(), 0u);
}

TEST_F(CliStoreTest, KillNineMidStreamKeepsTheTextUpToTheLastCheckpoint) {
  Gate never;
  server.enqueue(Reply::stream({openai_chunk("Once upon a time"), openai_chunk(" never sent")})
                     .with_gate_before(1, never));
  auto cli = run({"-m", "gpt-4o", "Tell a story"});
  ASSERT_TRUE(cli->wait_for_stdout("Once upon a time", 10s));
  std::this_thread::sleep_for(600ms);  // more than a checkpoint's 250 ms
  cli->signal(SIGKILL);
  cli->wait();
  never.open();
  const nlohmann::json messages = shown()["messages"];
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["content"], "Tell a story");
  EXPECT_EQ(messages[1]["content"], "Once upon a time");
  EXPECT_EQ(messages[1]["interrupted"], true);
}

TEST_F(CliStoreTest, CtrlCKeepsThePartialAnswerMarkedInterrupted) {
  Gate never;
  server.enqueue(
      Reply::stream({openai_chunk("Partial"), openai_chunk(" rest")}).with_gate_before(1, never));
  auto cli = run({"-m", "gpt-4o", "go"});
  ASSERT_TRUE(cli->wait_for_stdout("Partial", 10s));
  cli->signal(SIGINT);
  EXPECT_EQ(cli->wait(), 130);
  never.open();
  const nlohmann::json messages = shown()["messages"];
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1]["content"], "Partial");
  EXPECT_EQ(messages[1]["interrupted"], true);
}

TEST_F(CliStoreTest, FileThatIsNotADatabaseIsLeftUntouchedAndTheAnswerStillPrinted) {
  std::ofstream(db, std::ios::binary) << std::string(5000, 'x') << "not a database";
  const std::string before = file_bytes(db);
  server.enqueue(openai_answer("Still here."));
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), "Still here.");
  EXPECT_THAT(
      cli->err(),
      HasSubstr(
          std::string("warning: could not open the conversation store ").append(db.string())));
  EXPECT_THAT(cli->err(), HasSubstr("the answer is not recorded"));
  EXPECT_EQ(file_bytes(db), before);
  EXPECT_FALSE(std::filesystem::exists(db.string() + "-wal"));
}

TEST_F(CliStoreTest, ReadOnlyStoreIsLeftUntouchedAndTheAnswerStillPrinted) {
  server.enqueue(openai_answer("first"));
  ASSERT_EQ(run({"-m", "gpt-4o", "one"})->wait(), 0);
  std::filesystem::permissions(db, std::filesystem::perms::owner_read);
  const std::string before = file_bytes(db);
  server.enqueue(openai_answer("second"));
  auto cli = run({"-m", "gpt-4o", "two"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), "second");
  EXPECT_THAT(cli->err(), HasSubstr("read-only"));
  EXPECT_EQ(file_bytes(db), before);
  std::filesystem::permissions(
      db, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(CliStoreTest, FullDiskForTheStoreStillPrintsTheWholeAnswer) {
  // A file size limit stands in for a full disk: the store's writes fail, standard output (a
  // pipe) does not.
  std::vector<std::string> pieces;
  std::string whole;
  for (int i = 0; i < 400; ++i) {
    pieces.push_back(openai_chunk(std::string(1000, static_cast<char>('a' + i % 26))));
    whole += std::string(1000, static_cast<char>('a' + i % 26));
  }
  pieces.push_back(openai_chunk("", R"("stop")") + "data: [DONE]\n\n");
  server.enqueue(Reply::stream(pieces).with_pause(2ms));
  auto cli = run_shell(R"(ulimit -f 200; exec "$TINYCHAT" -m gpt-4o hi)");
  EXPECT_EQ(cli->wait(60s), 0) << cli->err();
  EXPECT_EQ(cli->out(), whole);
  EXPECT_THAT(cli->err(), HasSubstr("warning: could not write to the conversation store"));
}

TEST_F(CliStoreTest, EightProcessesStreamingIntoOneStoreLoseNothing) {
  constexpr int kWriters = 8;
  for (int i = 0; i < kWriters; ++i) {
    std::vector<std::string> pieces;
    for (int j = 0; j < 20; ++j)
      pieces.push_back(openai_chunk(std::string("w").append(std::to_string(i)).append(" ")));
    pieces.push_back(openai_chunk("", R"("stop")") + "data: [DONE]\n\n");
    server.enqueue(Reply::stream(pieces).with_pause(5ms));
  }
  std::vector<std::unique_ptr<testing::Subprocess>> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.push_back(run({"-m", "gpt-4o", std::string("writer ").append(std::to_string(i))}));
  }
  for (auto& writer : writers) {
    EXPECT_EQ(writer->wait(60s), 0) << writer->err();
    EXPECT_THAT(writer->err(), Not(HasSubstr("locked")));
  }
  const nlohmann::json list = logged();
  ASSERT_EQ(list.size(), static_cast<std::size_t>(kWriters));
  for (const auto& conversation : list) {
    const nlohmann::json messages = shown(conversation["id"])["messages"];
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[1]["content"].get<std::string>().size(), 20u * 3);
    EXPECT_FALSE(messages[1].contains("interrupted"));
  }
}

TEST_F(CliStoreTest, LogSearchesWithASnippetAndRmRemoves) {
  server.enqueue(openai_answer("Rust has ownership and borrowing."));
  ASSERT_EQ(run({"-m", "gpt-4o", "tell me about rust"})->wait(), 0);
  server.enqueue(openai_answer("Go has goroutines."));
  ASSERT_EQ(run({"-m", "gpt-4o", "tell me about go"})->wait(), 0);
  auto search = run({"log", "-q", "borrowing"});
  ASSERT_EQ(search->wait(), 0) << search->err();
  EXPECT_THAT(search->out(), HasSubstr("tell me about rust"));
  EXPECT_THAT(search->out(), HasSubstr("[borrowing]"));
  EXPECT_THAT(search->out(), Not(HasSubstr("goroutines")));
  const std::string id = logged()[1]["id"];
  auto rm = run({"rm", id.substr(0, 10)});
  EXPECT_EQ(rm->wait(), 0) << rm->err();
  EXPECT_THAT(rm->err(), HasSubstr(std::string("removed conversation ").append(id)));
  EXPECT_EQ(logged().size(), 1u);
  auto gone = run({"show", id});
  EXPECT_EQ(gone->wait(), 2);
}

}  // namespace
}  // namespace tinychat
