// The real `tinychat` program's --max-time and --idle-timeout against a loopback server whose
// streams would otherwise go on for ten seconds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"
#include "support/loopback_server.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using testing::CliRunner;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using testing::Reply;
using ::testing::StartsWith;

Reply ten_seconds_of(const std::string& piece) {
  return Reply::stream(std::vector<std::string>(100, piece)).with_pause(100ms);
}

class CliDeadlines : public ::testing::Test {
 protected:
  LoopbackServer server;
  CliRunner cli{server.url("/v1")};
};

TEST_F(CliDeadlines, MaxTimeEndsAReplyThatRunsLongerAndKeepsWhatArrived) {
  server.enqueue(ten_seconds_of(R"(data: {"choices":[{"index":0,"delta":{"content":"more "}}]})"
                                "\n\n"));
  auto run = cli.run({"--max-time", "1", "-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(8s), 1);  // Killed (-1) had it waited for the stream's end.
  EXPECT_THAT(run->out(), StartsWith("more "));
  EXPECT_EQ(run->err(),
            "tinychat: no complete answer from 127.0.0.1 within 1 s\n"
            "tinychat: the answer above is incomplete.\n");
}

TEST_F(CliDeadlines, KeepAlivesAloneDoNotHoldOffTheIdleTimeout) {
  server.enqueue(ten_seconds_of(": keep-alive\n\n"));
  auto run = cli.run({"--idle-timeout", "0.5", "-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(8s), 1);
  EXPECT_EQ(run->out(), "");
  EXPECT_EQ(run->err(), "tinychat: nothing but keep-alives received from 127.0.0.1 for 500 ms\n");
}

TEST_F(CliDeadlines, MaxTimeMustBePositive) {
  auto run = cli.run({"--max-time", "0", "-m", "gpt-4o", "hi"});
  EXPECT_EQ(run->wait(), 2);
  EXPECT_THAT(run->err(), HasSubstr("--max-time"));
  EXPECT_EQ(server.request_count(), 0u);
}

}  // namespace
}  // namespace tinychat
