// The real `tinychat` program, run end to end against a loopback server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "cli_fixture.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using testing::Gate;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::LoopbackServer;
using ::testing::Not;
using testing::read_test_data;
using testing::Reply;
using ::testing::StartsWith;
using testing::Subprocess;

TEST_F(CliTest, PrintsTheAnswerAndNothingElseOnStandardOutput) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 5));
  auto cli = run({"-m", "gpt-4o", "Explain", "futures"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), read_test_data("openai.answer"));
  EXPECT_THAT(cli->err(), IsEmpty());
  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_EQ(server.request(0).target, "/v1/chat/completions");
  EXPECT_THAT(server.request(0).body, HasSubstr("\"Explain futures\""));
  EXPECT_EQ(server.request(0).header("authorization").value_or(""), std::string("Bearer ") + kKey);
}

TEST_F(CliTest, WritesEachPieceAsItArrives) {
  Gate rest;
  const std::string first =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"First\"}}]}\n\n";
  const std::string last =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" "
      "last\"},\"finish_reason\":\"stop\"}]}\n\n"
      "data: [DONE]\n\n";
  server.enqueue(Reply::stream({first, last}).with_gate_before(1, rest));
  auto cli = run({"-m", "gpt-4o", "hi"});
  // The server holds the rest back until the first piece has reached the terminal.
  EXPECT_TRUE(cli->wait_for_stdout("First", std::chrono::seconds(10)));
  rest.open();
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), "First last");
}

TEST_F(CliTest, ReadsThePromptFromStandardInput) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  auto cli = run({"-m", "gpt-4o"}, "what is this?\n");
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(server.request(0).body, HasSubstr("what is this?\\n"));
}

TEST_F(CliTest, JoinsArgumentsAndPipedInput) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  auto cli = run({"-m", "gpt-4o", "review this:"}, "diff --git a/x b/x\n", false);
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(server.request(0).body, HasSubstr("review this:\\n\\ndiff --git a/x b/x\\n"));
}

TEST_F(CliTest, InfersTheProviderFromTheModelName) {
  server.enqueue(Reply::replay(read_test_data("anthropic.sse"), 5));
  env["ANTHROPIC_API_KEY"] = kKey;
  env["ANTHROPIC_BASE_URL"] = server.url("/v1");
  auto cli = run({"-m", "claude-sonnet-4-5", "-s", "Be brief.", "-t", "0.4", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), read_test_data("anthropic.answer"));
  const auto request = server.request(0);
  EXPECT_EQ(request.target, "/v1/messages");
  EXPECT_EQ(request.header("x-api-key").value_or(""), kKey);
  EXPECT_THAT(request.body, HasSubstr("\"system\":\"Be brief.\""));
  EXPECT_THAT(request.body, HasSubstr("\"temperature\":0.4"));
}

TEST_F(CliTest, GeminiKeyTravelsInAHeaderNotTheUrl) {
  server.enqueue(Reply::replay(read_test_data("gemini.sse"), 5));
  env["GOOGLE_API_KEY"] = kKey;
  env["GEMINI_BASE_URL"] = server.url("/v1beta");
  auto cli = run({"-m", "gemini-2.5-flash", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), read_test_data("gemini.answer"));
  EXPECT_EQ(server.request(0).target,
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  EXPECT_EQ(server.request(0).header("x-goog-api-key").value_or(""), kKey);
}

TEST_F(CliTest, AnyOpenAICompatibleServerThroughBaseUrlNeedsNoKey) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  env.erase("OPENAI_API_KEY");
  env.erase("OPENAI_BASE_URL");
  auto cli = run({"--base-url", server.url("/v1"), "-m", "llama3.2", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_FALSE(server.request(0).header("authorization").has_value());
}

TEST_F(CliTest, ErrorStatusGoesToStandardErrorWithExitStatusOne) {
  server.enqueue(Reply::json(401, read_test_data("anthropic_401.json")));
  env["ANTHROPIC_API_KEY"] = kKey;
  env["ANTHROPIC_BASE_URL"] = server.url("/v1");
  auto cli = run({"-m", "claude-sonnet-4-5", "hi"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->out(), IsEmpty());
  EXPECT_EQ(cli->err(),
            "tinychat: Server responded with an error. Status Code: 401: invalid x-api-key\n");
}

TEST_F(CliTest, PartialAnswerStaysOnStandardOutputWhenTheStreamFails) {
  server.enqueue(Reply::replay(read_test_data("anthropic_overloaded.sse"), 7));
  env["ANTHROPIC_API_KEY"] = kKey;
  env["ANTHROPIC_BASE_URL"] = server.url("/v1");
  auto cli = run({"-m", "claude-sonnet-4-5", "hi"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->out(), Not(IsEmpty()));
  EXPECT_THAT(cli->err(), HasSubstr("Overloaded"));
  EXPECT_THAT(cli->err(), HasSubstr("incomplete"));
}

TEST_F(CliTest, CtrlCStopsTheReplyAndKeepsWhatArrived) {
  Gate never;
  const std::string first =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Partial\"}}]}\n\n";
  Reply reply = Reply::stream({first, "data: [DONE]\n\n"}).with_gate_before(1, never);
  reply.gate_timeout = std::chrono::milliseconds(3000);
  server.enqueue(reply);
  auto cli = run({"-m", "gpt-4o", "hi"});
  ASSERT_TRUE(cli->wait_for_stdout("Partial", std::chrono::seconds(10)));
  cli->signal(SIGINT);
  EXPECT_EQ(cli->wait(), 130);
  EXPECT_EQ(cli->out(), "Partial");
  EXPECT_THAT(cli->err(), HasSubstr("cancelled"));
  never.open();
}

TEST_F(CliTest, MissingKeySaysWhichVariableToSet) {
  env.erase("OPENAI_API_KEY");
  env.erase("OPENAI_BASE_URL");
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), HasSubstr("OPENAI_API_KEY"));
  EXPECT_THAT(cli->err(), HasSubstr("config.json"));
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CliTest, MalformedConfigIsReportedAndLeftAlone) {
  const auto path = config_home / "tinychat" / "config.json";
  std::filesystem::create_directories(path.parent_path());
  const std::string broken = "{\n  \"temperature\": 0.5,\n  \"providers\": {\n}";
  std::ofstream(path) << broken;
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), HasSubstr("config.json"));
  EXPECT_THAT(cli->err(), HasSubstr("line 4"));
  std::ifstream in(path);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), broken);
}

TEST_F(CliTest, ConfigFileSuppliesKeyTemperatureAndEndpoints) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  env.erase("OPENAI_API_KEY");
  env.erase("OPENAI_BASE_URL");
  const auto path = config_home / "tinychat" / "config.json";
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << R"({"temperature": 1.25, "endpoints": [{"name": "local", "base_url": ")"
                      << server.url("/v1")
                      << R"(", "api_key": "endpoint-key", "models": ["tiny"]}]})";
  auto cli = run({"-p", "local", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  const auto request = server.request(0);
  EXPECT_THAT(request.body, HasSubstr("\"model\":\"tiny\""));
  EXPECT_THAT(request.body, HasSubstr("\"temperature\":1.25"));
  EXPECT_EQ(request.header("authorization").value_or(""), "Bearer endpoint-key");
}

TEST_F(CliTest, WarnsWhenOthersCanReadAConfigFileWithKeys) {
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  env.erase("OPENAI_API_KEY");
  const auto path = config_home / "tinychat" / "config.json";
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << R"({"providers": {"openai": {"api_key": "file-key-2b9f"}}})";
  ::chmod(path.c_str(), 0644);
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->err(), HasSubstr("others can read it (mode 644): chmod 600 it"));
  EXPECT_THAT(cli->err(), Not(HasSubstr("file-key-2b9f")));
  EXPECT_EQ(server.request(0).header("authorization").value_or(""), "Bearer file-key-2b9f");
}

TEST_F(CliTest, KeyEchoedByTheServerIsNotPrinted) {
  server.enqueue(Reply::text(401, std::string("Incorrect API key provided: ") + kKey));
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(), HasSubstr("401"));
  EXPECT_THAT(cli->err(), Not(HasSubstr(kKey)));
}

TEST_F(CliTest, EmptyPromptIsAUsageError) {
  auto cli = run({"-m", "gpt-4o"}, "  \n");
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), HasSubstr("no prompt"));
}

TEST_F(CliTest, HelpExplainsOptionsWithExamples) {
  auto cli = run({"--help"});
  EXPECT_EQ(cli->wait(), 0);
  for (const char* text :
       {"--provider", "--model", "--base-url", "--system", "--temperature", "--cacert", "--retries",
        "Examples:", "tinychat sse", "OPENAI_API_KEY"}) {
    EXPECT_THAT(cli->out(), HasSubstr(text));
  }
}

TEST_F(CliTest, SseCommandPrintsOneJsonObjectPerEvent) {
  // web-platform-tests format-field-id-3 (b) and format-field-event.
  auto cli =
      run({"sse"}, "id: 1\ndata: 1\n\nid:\nevent: test\ndata:2\n\ndata:3\r\n\r\nid: 4\ndata: tail");
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(),
            "{\"event\":\"message\",\"data\":\"1\",\"id\":\"1\"}\n"
            "{\"event\":\"test\",\"data\":\"2\",\"id\":\"\"}\n"
            "{\"event\":\"message\",\"data\":\"3\",\"id\":\"\"}\n");
}

TEST_F(CliTest, SseCommandReadsAFile) {
  auto cli = run({"sse", std::string(TINYCHAT_TEST_DATA_DIR) + "/anthropic.sse"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->out(), StartsWith("{\"event\":\"message_start\",\"data\":\"{"));
  EXPECT_THAT(cli->out(), HasSubstr("{\"event\":\"message_stop\""));
}

}  // namespace
}  // namespace tinychat

namespace tinychat {
namespace {

TEST_F(CliTest, MistypedOptionNamesTheClosestRealOne) {
  // Used to say only "The following argument was not expected: --modle".
  auto cli = run({"--modle", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), ::testing::HasSubstr("unknown option --modle (did you mean --model?)"));
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CliTest, MistypedSubcommandIsNotSentAsAPrompt) {
  auto cli = run({"mdoels"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), ::testing::HasSubstr("did you mean tinychat models?"));
  EXPECT_EQ(server.request_count(), 0u);
  // "--" says it is a prompt after all.
  server.enqueue(
      testing::Reply::stream({"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},"
                              "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"}));
  auto prompt = run({"-m", "gpt-4o", "--", "mdoels"});
  EXPECT_EQ(prompt->wait(), 0) << prompt->err();
  EXPECT_EQ(prompt->out(), "ok");
}

TEST_F(CliTest, TemperatureOutOfRangeSaysSoInWords) {
  // Used to say "Value 3 not in range 0.000000 to 2.000000".
  auto cli = run({"-t", "3", "hi"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), ::testing::HasSubstr("temperature must be between 0 and 2, not 3"));
}

}  // namespace
}  // namespace tinychat
