// `tinychat export` and `tinychat import` through the real program: each format comes in, our
// JSON goes out and back in unchanged, and files written are private.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "cli_fixture.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::read_test_data;

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

class CliExportImportTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    chatgpt = config_home / "conversations.json";
    write_file(chatgpt, read_test_data("import/chatgpt_conversations.json"));
  }
  std::filesystem::path chatgpt;
};

TEST_F(CliExportImportTest, ExportThenImportElsewhereThenExportGivesTheSameBytes) {
  auto imported = run({"import", chatgpt.string()});
  EXPECT_EQ(imported->wait(), 0) << imported->err();
  EXPECT_EQ(imported->out(),
            "imported 2 conversations (0 already there) from " + chatgpt.string() + "\n");

  auto exported = run({"export", "--all"});
  ASSERT_EQ(exported->wait(), 0) << exported->err();
  EXPECT_THAT(exported->out(), HasSubstr("\"format\": \"tinychat.conversations\""));
  EXPECT_THAT(exported->out(), HasSubstr("What is the capital of Italy? Look it up."));
  const std::filesystem::path file = config_home / "all.json";
  write_file(file, exported->out());

  const std::string other = (config_home / "other.db").string();
  auto again = run({"import", "--db", other, file.string()});
  EXPECT_EQ(again->wait(), 0) << again->err();
  EXPECT_THAT(again->out(), HasSubstr("imported 2 conversations (0 already there)"));
  auto second_export = run({"export", "--all", "--db", other});
  ASSERT_EQ(second_export->wait(), 0) << second_export->err();
  EXPECT_EQ(second_export->out(), exported->out());

  // Importing twice adds nothing.
  auto twice = run({"import", chatgpt.string()});
  EXPECT_EQ(twice->wait(), 0) << twice->err();
  EXPECT_THAT(twice->out(), HasSubstr("imported 0 conversations (2 already there)"));
}

TEST_F(CliExportImportTest, OneConversationByItsIdPrefixAsMarkdownOrText) {
  write_file(config_home / "v1.json", read_test_data("import/tinychat_v1.json"));
  ASSERT_EQ(run({"import", (config_home / "v1.json").string()})->wait(), 0);
  auto json = run({"export", "--all"});
  ASSERT_EQ(json->wait(), 0);
  const std::string marker = "\"id\": \"";
  const std::size_t at = json->out().find(marker, json->out().find("\"conversations\""));
  ASSERT_NE(at, std::string::npos);
  const std::string prefix = json->out().substr(at + marker.size(), 6);

  auto text = run({"export", prefix, "--format", "txt"});
  EXPECT_EQ(text->wait(), 0) << text->err();
  EXPECT_EQ(text->out(), "You: Say hi\nLLM: Hi!\n\nYou: Again\nLLM: Hi ag [interrupted]\n");
  auto markdown = run({"export", prefix, "--format", "md"});
  EXPECT_EQ(markdown->wait(), 0) << markdown->err();
  EXPECT_THAT(markdown->out(), HasSubstr("# Say hi\n"));
  EXPECT_THAT(markdown->out(), HasSubstr("## You"));
}

TEST_F(CliExportImportTest, OutputFileIsPrivateAndNotOverwrittenWithoutForce) {
  ASSERT_EQ(run({"import", chatgpt.string()})->wait(), 0);
  const std::filesystem::path out = config_home / "export.json";
  auto first = run({"export", "--all", "-o", out.string()});
  EXPECT_EQ(first->wait(), 0) << first->err();
  EXPECT_THAT(first->out(), IsEmpty());
  struct stat info {};
  ASSERT_EQ(::stat(out.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_THAT(file_bytes(out), HasSubstr("Capital cities"));

  write_file(out, "keep me");
  auto refused = run({"export", "--all", "-o", out.string()});
  EXPECT_EQ(refused->wait(), 1);
  EXPECT_THAT(refused->err(), HasSubstr("could not export to " + out.string() +
                                        ": it exists already (--force replaces it)"));
  EXPECT_EQ(file_bytes(out), "keep me");
  auto forced = run({"export", "--all", "-o", out.string(), "--force"});
  EXPECT_EQ(forced->wait(), 0) << forced->err();
  EXPECT_THAT(file_bytes(out), HasSubstr("Capital cities"));
  // No temporary file is left behind, refused or not.
  for (const auto& entry : std::filesystem::directory_iterator(config_home))
    EXPECT_FALSE(entry.path().filename().string().starts_with(".export.json")) << entry.path();
}

TEST_F(CliExportImportTest, ImportsLlmLogsAndGoesOnPastABadFile) {
  const std::filesystem::path logs = config_home / "logs.db";
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(logs.c_str(), &handle), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(handle, read_test_data("import/llm_logs_new.sql").c_str(), nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(handle);
  const std::string before = file_bytes(logs);
  const std::filesystem::path bad = config_home / "bad.json";
  write_file(bad, "{\"format\": \"tinychat.conversation\",\n \"version\": 2,\n \"tree\": [}");

  auto cli = run({"import", bad.string(), logs.string()});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(), HasSubstr("could not import " + bad.string() +
                                    ": not valid JSON: line 3, column 11"));
  EXPECT_EQ(cli->out(), "imported 2 conversations (0 already there) from " + logs.string() + "\n");
  EXPECT_EQ(file_bytes(logs), before);

  auto exported = run({"export", "--all", "--format", "txt"});
  EXPECT_EQ(exported->wait(), 0) << exported->err();
  EXPECT_THAT(exported->out(), HasSubstr("You: Now one about coffee\nLLM: Dark roast wakes"));
}

TEST_F(CliExportImportTest, ExportNeedsAnIdOrAll) {
  auto cli = run({"export"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), HasSubstr("give a conversation's id, or --all"));
  auto unknown = run({"export", "zzzz"});
  EXPECT_EQ(unknown->wait(), 1);
  EXPECT_THAT(unknown->err(), HasSubstr("no conversations to export"));
}

}  // namespace
}  // namespace tinychat
