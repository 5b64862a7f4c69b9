// The real `tinychat` program against an HTTPS server on 127.0.0.1 that offers HTTP/2: compare
// mode's answers from one provider's host, asked at once, travel as streams of one connection.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "cli_fixture.h"
#include "cli_runner.h"
#include "support/loopback_server.h"
#include "support/test_certificates.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using testing::CliRunner;
using testing::Gate;
using testing::LoopbackServer;
using testing::Reply;
using testing::TestCertificates;

class CliHttp2 : public ::testing::Test {
 protected:
  void SetUp() override {
    // Two providers (OpenAI and Mistral) on one host: what decides sharing is the host.
    runner.env["MISTRAL_BASE_URL"] = server.url("/m/v1");
    runner.env["MISTRAL_API_KEY"] = kKey;
  }

  TestCertificates certificates;
  LoopbackServer server = LoopbackServer::http2(certificates.server_identity());
  CliRunner runner{server.url("/o/v1")};
};

TEST_F(CliHttp2, CompareModeAsksBothModelsAtOnceOverOneConnection) {
  // Neither answer begins before the server has both requests: a client that sent them one
  // after the other would never get there.
  Gate all_asked;
  server.route("/o/v1/chat/completions",
               Reply::stream({openai_chunk("Hello "),
                              openai_chunk("from gpt.\\n", "\"stop\"") + "data: [DONE]\n\n"})
                   .with_gate_before(0, all_asked));
  server.route("/m/v1/chat/completions",
               openai_answer("Mistral here.").with_gate_before(0, all_asked));
  auto cli = runner.run({"--cacert", certificates.ca_file().string(), "-m", "gpt-4o", "-m",
                         "mistral-large-latest", "Say hello"});
  EXPECT_TRUE(server.wait_for_requests(2, 4s)) << "the requests did not start at once";
  all_asked.open();
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(),
            "## gpt-4o\n\nHello from gpt.\n\n"
            "## mistral-large-latest\n\nMistral here.\n");
  EXPECT_EQ(server.connection_count(), 1u);
  ASSERT_EQ(server.request_count(), 2u);
  for (const auto& request : server.requests()) {
    EXPECT_EQ(request.version, "HTTP/2");
    EXPECT_EQ(request.method, "POST");
    EXPECT_THAT(request.body, ::testing::HasSubstr("Say hello"));
  }
  EXPECT_EQ(server.requests()[0].connection, server.requests()[1].connection);
}

}  // namespace
}  // namespace tinychat
