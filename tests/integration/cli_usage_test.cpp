// Token counts and what they cost: -u, `tinychat chat`'s /usage, the context window's warning.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli_fixture.h"
#include "support/pty_process.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Reply;

// An OpenAI answer with its usage: 1234 prompt tokens (400 cached), 56 completion tokens.
Reply answer_with_usage(const std::string& text) {
  return Reply::stream(
             {openai_chunk(text), openai_chunk("", "\"stop\""),
              R"(data: {"choices":[],"usage":{"prompt_tokens":1234,"completion_tokens":56,)"
              R"("prompt_tokens_details":{"cached_tokens":400}}})"
              "\n\ndata: [DONE]\n\n"})
      .with_pause(0ms);
}

TEST_F(CliTest, UsageFlagPrintsTokensAndCostOnStandardError) {
  server.enqueue(answer_with_usage("Hi"));
  auto cli = run({"-n", "-u", "-m", "gpt-4o", "hi"});
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), "Hi");
  // gpt-4o: 834 × $2.50 + 400 × $1.25 + 56 × $10 per million = $0.003145.
  EXPECT_THAT(cli->err(), HasSubstr("1.2k in · 56 out · $0.0031\n"));
}

TEST_F(CliTest, AModelOfUnknownPriceShowsTokensButNoCost) {
  server.enqueue(answer_with_usage("Hi"));
  auto cli = run({"-n", "-u", "-m", "my-local-model", "hi"});
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->err(), HasSubstr("1.2k in · 56 out\n"));
  EXPECT_THAT(cli->err(), Not(HasSubstr("$")));
}

TEST_F(CliTest, TheConfigFileGivesAModelItsPrice) {
  const auto path = config_home / "tinychat" / "config.json";
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << R"({"prices": {"my-local-model": {"input": 1, "output": 100}}})";
  server.enqueue(answer_with_usage("Hi"));
  auto cli = run({"-n", "-u", "-m", "my-local-model", "hi"});
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  // 1234 × $1 + 56 × $100 per million (no cached price: cached tokens at the input price).
  EXPECT_THAT(cli->err(), HasSubstr("1.2k in · 56 out · $0.0068\n"));
}

TEST_F(CliTest, ChatUsageCommandSumsTheConversation) {
  server.enqueue(answer_with_usage("One"));
  server.enqueue(answer_with_usage("Two"));
  auto cli = run({"chat", "-n", "-u", "-m", "gpt-4o"}, "q1\nq2\n/usage\n/new\n/usage\n");
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->err(), HasSubstr("(this conversation: 2.5k in · 112 out · $0.0063)"));
  EXPECT_THAT(cli->err(), HasSubstr("(no usage reported in this conversation yet)"));
}

TEST_F(CliTest, AContinuedChatsUsageCountsTheAnswersBeforeIt) {
  server.enqueue(answer_with_usage("Earlier"));
  ASSERT_EQ(run({"-m", "gpt-4o", "first"})->wait(), 0);
  server.enqueue(answer_with_usage("Now"));
  auto cli = run({"chat", "-c"}, "/usage\nsecond\n/usage\n");
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->err(), HasSubstr("(this conversation: 1.2k in · 56 out · $0.0031)"));
  EXPECT_THAT(cli->err(), HasSubstr("(this conversation: 2.5k in · 112 out · $0.0063)"));
}

TEST_F(CliTest, ChatOnATerminalShowsEachAnswersUsageAndRendersIt) {
  server.enqueue(answer_with_usage("**Bold** answer"));
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "chat", "-n", "-m", "gpt-4o"}, env);
  ASSERT_TRUE(cli.wait_for_output("you> ", 10s)) << cli.output();
  cli.type("hi\r");
  ASSERT_TRUE(cli.wait_for_output("1.2k in · 56 out · $0.0031", 10s)) << cli.output();
  EXPECT_THAT(cli.output(), HasSubstr("\x1b[1mBold\x1b[0m answer"));
  cli.type("/usage\r");
  ASSERT_TRUE(cli.wait_for_output("(this conversation: 1.2k in · 56 out · $0.0031)", 10s))
      << cli.output();
  const auto prompts = [&] {
    std::size_t n = 0;
    for (std::size_t at = cli.output().find("you> "); at != std::string::npos;
         at = cli.output().find("you> ", at + 1))
      ++n;
    return n;
  };
  for (int i = 0; i < 200 && prompts() < 3; ++i) cli.wait_for_output("\x01never", 50ms);
  ASSERT_EQ(prompts(), 3u) << cli.output();
  cli.type("\x04");
  EXPECT_EQ(cli.wait(), 0) << cli.output();
}

TEST_F(CliTest, APromptNearTheContextWindowIsWarnedAbout) {
  server.enqueue(answer_with_usage("Hi"));
  // gpt-4o's window is 128k tokens; 420,000 characters are about 105k.
  auto cli = run({"-n", "-m", "gpt-4o"}, std::string(420'000, 'a') + "\n");
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->err(), HasSubstr("tinychat: warning: this conversation is about 105k tokens, "
                                    "near gpt-4o's context window (128k)"));
  server.enqueue(answer_with_usage("Hi"));
  auto small = run({"-n", "-m", "gpt-4o", "hi"});
  ASSERT_EQ(small->wait(), 0);
  EXPECT_THAT(small->err(), Not(HasSubstr("context window")));
}

TEST_F(CliTest, LogCostAndUsageSumWhatTheStoreRecorded) {
  server.enqueue(answer_with_usage("Priced"));
  ASSERT_EQ(run({"-m", "gpt-4o", "first"})->wait(), 0);
  server.enqueue(answer_with_usage("Unpriced"));
  ASSERT_EQ(run({"-m", "my-local-model", "second"})->wait(), 0);

  auto log = run({"log", "--cost"});
  ASSERT_EQ(log->wait(), 0) << log->err();
  EXPECT_THAT(log->out(), HasSubstr("  $0.0031   first\n"));
  EXPECT_THAT(log->out(), HasSubstr("  -         second\n"));

  auto usage = run({"usage"});
  ASSERT_EQ(usage->wait(), 0) << usage->err();
  EXPECT_THAT(usage->out(), HasSubstr("gpt-4o          1            1.2k      56  $0.0031\n"));
  EXPECT_THAT(usage->out(), HasSubstr("my-local-model  1            1.2k      56  -\n"));
  EXPECT_THAT(usage->out(),
              HasSubstr(": 2.5k in · 112 out · $0.0031 (+ 1 answer of unknown price)\n"));

  auto json = run({"usage", "--json", "--since", "2000-01-01"});
  ASSERT_EQ(json->wait(), 0);
  EXPECT_THAT(json->out(), HasSubstr("\"cost_usd\": 0.003145"));
  EXPECT_THAT(json->out(), HasSubstr("\"cost_usd\": null"));

  auto future = run({"usage", "--since", "2999-01-01"});
  ASSERT_EQ(future->wait(), 0);
  EXPECT_THAT(future->out(), HasSubstr("since 2999-01-01: no answers"));
  EXPECT_EQ(run({"usage", "--since", "yesterday"})->wait(), 2);
}

}  // namespace
}  // namespace tinychat
