// The real `tinychat` treated as a hostile server and a careless user would: output that cannot
// be written, control sequences from the network, unbounded input, odd URLs. Each test is named
// after what broke, or after a probe that passed and must keep passing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "cli_fixture.h"
#include "support/pty_process.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using testing::Gate;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::PtyProcess;
using testing::Reply;

// An OpenAI answer of these pieces (each already JSON-escaped), then the finish and [DONE].
Reply answer_of(std::vector<std::string> contents, const std::string& finish = "\"stop\"") {
  std::vector<std::string> pieces;
  for (const std::string& content : contents) pieces.push_back(openai_chunk(content));
  pieces.push_back(openai_chunk("", finish) + "data: [DONE]\n\n");
  return Reply::stream(std::move(pieces)).with_pause(0ms);
}

// About 1 MB of answer in 1,000 chunks.
Reply megabyte_answer() {
  return answer_of(std::vector<std::string>(1000, std::string(1000, 'a')));
}

bool has_escape(const std::string& text) { return text.find('\x1b') != std::string::npos; }

TEST_F(CliTest, AnswerWrittenToAFullDeviceFailsLoudly) {
  // Used to exit 0 with nothing on standard error.
  server.enqueue(answer_of({"Hello"}));
  auto cli = run_shell("exec \"$TINYCHAT\" -m gpt-4o hi >/dev/full");
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(), HasSubstr("tinychat: could not write the answer to standard output: "
                                    "No space left on device"));
}

TEST_F(CliTest, AnswerCutShortByAFileSizeLimitFailsLoudly) {
  // A 1 MB answer into a file that can take 64 KiB used to leave 65,536 bytes and exit 0.
  server.enqueue(megabyte_answer());
  const auto file = config_home / "answer.txt";
  auto cli = run_shell("ulimit -f 128; exec \"$TINYCHAT\" -m gpt-4o hi >'" + file.string() + "'");
  EXPECT_EQ(cli->wait(), 1) << cli->err();
  EXPECT_THAT(cli->err(),
              HasSubstr("could not write the answer to standard output: File too large"));
  EXPECT_LT(std::filesystem::file_size(file), 1'000'000u);
}

TEST_F(CliTest, ClosedStandardOutputFailsBeforeAnythingIsSent) {
  server.enqueue(answer_of({"Hello"}));
  auto cli = run_shell("exec \"$TINYCHAT\" -m gpt-4o hi >&-");
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(), HasSubstr("could not write the answer to standard output: Bad file "
                                    "descriptor"));
  EXPECT_EQ(server.request_count(), 0u);  // no tokens paid for an answer with nowhere to go
}

TEST_F(CliTest, ReaderThatHadEnoughStaysQuiet) {
  server.enqueue(megabyte_answer());
  auto cli = run_shell("\"$TINYCHAT\" -m gpt-4o hi | head -c 5");
  EXPECT_EQ(cli->wait(), 0);
  EXPECT_EQ(cli->out(), "aaaaa");
  EXPECT_THAT(cli->err(), IsEmpty());
}

TEST_F(CliTest, ControlSequencesInTheAnswerReachATerminalVisibleNotObeyed) {
  // An answer's ESC[2J used to clear the screen, its OSC 0 set the window title.
  server.enqueue(answer_of({R"(A\u001b[2J\u001b]0;pwned\u0007)", R"(B\u009b31mC)"}));
  // --raw: the answer as written, cleaned (rendered, see cli_markdown_test).
  PtyProcess cli({TINYCHAT_CLI_PATH, "--raw", "-m", "gpt-4o", "hi"}, env);
  EXPECT_EQ(cli.wait(), 0) << cli.output();
  EXPECT_THAT(cli.output(), HasSubstr("A^[[2J^[]0;pwned^GB^[[31mC"));
  EXPECT_FALSE(has_escape(cli.output())) << cli.output();
  EXPECT_EQ(cli.output().find("\xc2\x9b"), std::string::npos);
}

TEST_F(CliTest, ControlSequencesInTheAnswerStayByteExactInAPipe) {
  server.enqueue(answer_of({R"(A\u001b[2JB)"}));
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 0);
  EXPECT_EQ(cli->out(), "A\x1b[2JB");  // people redirect answers into files
}

TEST_F(CliTest, ServerErrorMessageCannotWriteTheClipboardOrTheTitle) {
  // A 400 body's OSC 52 used to reach the terminal through standard error.
  server.enqueue(
      Reply::json(400, R"({"error":{"message":"bad \u001b]52;c;ZWNobyBoaQ==\u0007 request"}})"));
  PtyProcess cli({TINYCHAT_CLI_PATH, "-m", "gpt-4o", "hi"}, env);
  EXPECT_EQ(cli.wait(), 1);
  EXPECT_THAT(cli.output(), HasSubstr("400: bad ^[]52;c;ZWNobyBoaQ==^G request"));
  EXPECT_FALSE(has_escape(cli.output())) << cli.output();
}

TEST_F(CliTest, StandardErrorIsCleanedEvenInAPipe) {
  // Reasoning, an error event inside the stream, the finish reason and a Content-Type header.
  server.enqueue(Reply::stream(
      {"data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\\u001b[2J\"}}]}"
       "\n\n",
       openai_chunk("ok", "\"\\u001b]0;t\\u0007length\"") + "data: [DONE]\n\n"}));
  auto first = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(first->wait(), 0);
  EXPECT_THAT(first->err(), HasSubstr("think^[[2J"));
  EXPECT_THAT(first->err(), HasSubstr("finish reason: ^[]0;t^Glength"));
  EXPECT_FALSE(has_escape(first->err())) << first->err();

  server.enqueue(
      Reply::stream({openai_chunk("x"), "data: {\"error\":{\"message\":\"\\u001b[5mboom\"}}\n\n"}));
  auto second = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(second->wait(), 1);
  EXPECT_THAT(second->err(), HasSubstr("^[[5mboom"));
  EXPECT_FALSE(has_escape(second->err())) << second->err();

  server.enqueue(Reply::stream({"hello"}, "text/html\x1b[31m"));
  auto third = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(third->wait(), 1);
  EXPECT_THAT(third->err(), HasSubstr("text/html^[[31m, not a stream"));
  EXPECT_FALSE(has_escape(third->err())) << third->err();
}

TEST_F(CliTest, PromptFromDevZeroIsBoundedNotACrash) {
  // `tinychat </dev/zero` used to grow until bad_alloc (exit 134).
  auto cli = run_shell("exec \"$TINYCHAT\" -m gpt-4o </dev/zero");
  EXPECT_EQ(cli->wait(60s), 2);
  EXPECT_THAT(cli->err(), HasSubstr("standard input holds more than 64 MiB"));
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CliTest, ConfigFileThatIsAFifoIsRefusedNotWaitedOn) {
  std::filesystem::create_directories(config_home / "tinychat");
  ASSERT_EQ(::mkfifo((config_home / "tinychat" / "config.json").c_str(), 0600), 0);
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(10s), 2);
  EXPECT_THAT(cli->err(), HasSubstr("is not a regular file"));
}

TEST_F(CliTest, ConfigNumberTooLargeIsAConfigErrorNotAnAbort) {
  std::filesystem::create_directories(config_home / "tinychat");
  std::ofstream(config_home / "tinychat" / "config.json") << "{\"temperature\": 1e999}";
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), HasSubstr("is not valid JSON: line 1, column"));
}

TEST_F(CliTest, BaseUrlWithAQueryIsRefusedNamingTheFlag) {
  auto cli = run({"-m", "gpt-4o", "--base-url", server.url("/v1?x=1"), "hi"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), HasSubstr("(from --base-url)"));
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CliTest, UnauthorizedFromAnOwnServerWithoutAKeyNamesTheKeyVariable) {
  env.erase("OPENAI_API_KEY");
  server.enqueue(Reply::json(401, R"({"error":{"message":"Unauthorized"}})"));
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(), HasSubstr("Unauthorized (no API key was sent: set OPENAI_API_KEY"));
}

TEST_F(CliTest, MaxTokensToAnOpenAICompatibleServerIsTheFieldItReads) {
  server.enqueue(answer_of({"ok"}));
  auto cli = run({"-p", "openai", "--base-url", server.url("/v1"), "--max-tokens", "50", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_THAT(server.request(0).body, HasSubstr("\"max_tokens\":50"));
  EXPECT_THAT(server.request(0).body, Not(HasSubstr("max_completion_tokens")));
}

// Probes that passed; kept covered.

TEST_F(CliTest, InvalidUtf8InThePromptIsSentAsReplacementCharacters) {
  server.enqueue(answer_of({"ok"}));
  auto cli = run({"-m", "gpt-4o", "caf\xe9 \xff"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_THAT(server.request(0).body, HasSubstr("caf\xEF\xBF\xBD \xEF\xBF\xBD"));
}

TEST_F(CliTest, SigtermMidStreamLeavesWhatArrivedOnStandardOutput) {
  Gate never;
  server.enqueue(
      Reply::stream({openai_chunk("First part"), openai_chunk(" rest") + "data: [DONE]\n\n"})
          .with_gate_before(1, never));
  auto cli = run({"-m", "gpt-4o", "hi"});
  ASSERT_TRUE(cli->wait_for_stdout("First part", 10s));
  cli->signal(SIGTERM);
  cli->wait();
  EXPECT_EQ(cli->out(), "First part");
  never.open();
}

TEST_F(CliTest, BadChunkSizeIsANetworkErrorNamingTheHost) {
  Reply reply =
      Reply::stream({openai_chunk("Hi"), "zz\r\nbroken"}).with_framing(testing::Framing::close);
  reply.headers.push_back({"Transfer-Encoding", "chunked"});
  reply.pieces = {"4d\r\n" + openai_chunk("Hi").substr(0, 0x4d) + "\r\n", "zz\r\nbroken"};
  server.enqueue(reply);
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(), HasSubstr("127.0.0.1"));
}

TEST_F(CliTest, CaptivePortalPageSaysItIsNotAStream) {
  server.enqueue(
      Reply::stream({"<html><body>Please log in to the hotel Wi-Fi</body></html>"}, "text/html"));
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(), HasSubstr("The server sent text/html, not a stream."));
  EXPECT_THAT(cli->out(), IsEmpty());
}

}  // namespace
}  // namespace tinychat

namespace tinychat {
namespace {

TEST_F(CliTest, WithoutAPromptOnATerminalItSaysItIsWaitingForOne) {
  // Used to wait silently: a blinking cursor that looked like a hang.
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "-m", "gpt-4o"}, env);
  ASSERT_TRUE(
      cli.wait_for_output("press Ctrl-D on an empty line to send it", std::chrono::seconds(10)))
      << cli.output();
  server.enqueue(testing::Reply::stream(
      {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi there\"},"
       "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"}));
  cli.type("hello\n\x04");
  EXPECT_EQ(cli.wait(), 0) << cli.output();
  EXPECT_THAT(cli.output(), ::testing::HasSubstr("Hi there"));
  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_THAT(server.request(0).body, ::testing::HasSubstr("\"hello\\n\""));
}

}  // namespace
}  // namespace tinychat
