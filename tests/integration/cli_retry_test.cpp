// The real `tinychat` program retrying against a loopback server: the waits are real (a
// second at most), announced on standard error, and Ctrl-C ends them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "cli_runner.h"
#include "support/loopback_server.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using testing::CliRunner;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using ::testing::MatchesRegex;
using testing::read_test_data;
using testing::Reply;

constexpr const char* kOverloaded = R"({"error":{"message":"overloaded","type":"server_error"}})";

class CliRetry : public ::testing::Test {
 protected:
  LoopbackServer server;
  CliRunner cli{server.url("/v1")};
};

TEST_F(CliRetry, A503IsRetriedAndTheAnswerPrintedOnce) {
  server.enqueue(Reply::json(503, kOverloaded));
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  auto run = cli.run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(), 0) << run->err();
  EXPECT_EQ(run->out(), read_test_data("openai.answer"));
  // The default backoff: 500 ms, give or take a fifth.
  EXPECT_THAT(
      run->err(),
      MatchesRegex("tinychat: openai answered 503; retrying in [456][0-9][0-9] ms \\(1/2\\)\n"));
  EXPECT_EQ(server.request_count(), 2u);
}

TEST_F(CliRetry, ARateLimitWaitsAsRetryAfterSays) {
  server.enqueue(
      Reply::json(429, read_test_data("openai_429.json")).with_header("Retry-After", "1"));
  server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  auto run = cli.run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(), 0) << run->err();
  EXPECT_EQ(run->out(), read_test_data("openai.answer"));
  EXPECT_EQ(run->err(), "tinychat: rate limited by openai; retrying in 1 s (1/2)\n");
}

TEST_F(CliRetry, CtrlCDuringAWaitStopsAtOnce) {
  server.set_fallback(
      Reply::json(429, read_test_data("openai_429.json")).with_header("Retry-After", "30"));
  auto run = cli.run({"-m", "gpt-4o", "hi"});
  ASSERT_TRUE(run->wait_for_stderr("retrying in 30 s (1/2)\n", 10s)) << run->err();
  run->signal(SIGINT);
  EXPECT_EQ(run->wait(10s), 130);  // Killed (-1) if it sat out the 30 s.
  EXPECT_THAT(run->err(), HasSubstr("tinychat: cancelled\n"));
  EXPECT_EQ(run->out(), "");
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(CliRetry, RetriesZeroSendsOnce) {
  server.set_fallback(Reply::json(503, kOverloaded));
  auto run = cli.run({"--retries", "0", "-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(), 1);
  EXPECT_EQ(run->err(), "tinychat: Server responded with an error. Status Code: 503: overloaded\n");
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(CliRetry, TheConfigFileSetsTheRetries) {
  server.set_fallback(Reply::json(503, kOverloaded));
  cli.write_config(R"({"retries": 0})");
  auto run = cli.run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(), 1);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(CliRetry, AWaitBeyondTheCapFailsAtOnceAndSaysWhen) {
  server.set_fallback(
      Reply::json(429, read_test_data("openai_429.json")).with_header("Retry-After", "3600"));
  auto run = cli.run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(), 1);
  EXPECT_THAT(run->err(), HasSubstr("Status Code: 429: Rate limit reached"));
  EXPECT_THAT(run->err(), HasSubstr("(retry after 3600 s)\n"));
  EXPECT_THAT(run->err(), ::testing::Not(HasSubstr("retrying")));
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(CliRetry, RetriesOutOfRangeIsAUsageError) {
  auto run = cli.run({"--retries", "11", "-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(), 2);
  EXPECT_THAT(run->err(), HasSubstr("--retries"));
  EXPECT_EQ(server.request_count(), 0u);
}

}  // namespace
}  // namespace tinychat
