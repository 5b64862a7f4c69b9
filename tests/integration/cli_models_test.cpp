// `tinychat models`: the catalog, and the live list of each provider it can reach.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::read_test_data;
using testing::Reply;

TEST_F(CliTest, ModelsOfAnOwnServerAreItsLiveListNotTheCloudCatalog) {
  // OPENAI_BASE_URL points at the loopback server: an OpenAI-compatible server of the user's.
  server.route("/v1/models", Reply::json(200, read_test_data("models_openai.json")));
  auto cli = run({"models", "-p", "openai"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->out(), HasSubstr("openai  ("));
  EXPECT_THAT(cli->out(), HasSubstr("\n  gpt-4o\n"));
  EXPECT_THAT(cli->out(), HasSubstr("\n  gpt-4o-mini\n"));
  EXPECT_THAT(cli->out(), Not(HasSubstr("text-embedding")));  // cannot chat
  EXPECT_THAT(cli->out(), Not(HasSubstr("gpt-5.4")));         // the cloud catalog's
  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_EQ(server.request(0).method, "GET");
  EXPECT_EQ(server.request(0).header("authorization").value_or(""), std::string("Bearer ") + kKey);
}

TEST_F(CliTest, ModelsWithoutAKeyShowTheCatalogAndSayWhichKeyToSet) {
  auto cli = run({"models", "-p", "anthropic"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->out(), HasSubstr("anthropic  (no key: set ANTHROPIC_API_KEY;"));
  EXPECT_THAT(cli->out(), HasSubstr("  claude-sonnet-4-6"));
  EXPECT_THAT(cli->err(), IsEmpty());
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CliTest, ModelsFromAServerThatFailsSayWhy) {
  server.route("/v1/models", Reply::json(500, R"({"error":{"message":"down for maintenance"}})"));
  auto cli = run({"models", "-p", "openai"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(),
              HasSubstr("openai: the live list is unavailable: Server responded with an error. "
                        "Status Code: 500: down for maintenance"));
}

TEST_F(CliTest, ModelNamesFromTheNetworkCannotDriveTheTerminal) {
  server.route("/v1/models",
               Reply::json(200, R"({"data":[{"id":"evil\u001b]0;title\u0007model"}]})"));
  auto cli = run({"models", "-p", "openai"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_THAT(cli->out(), HasSubstr("evil^[]0;title^Gmodel"));
  EXPECT_EQ(cli->out().find('\x1b'), std::string::npos);
}

TEST_F(CliTest, ModelsOfAnUnknownProviderListTheKnownOnes) {
  auto cli = run({"models", "-p", "opneai"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_THAT(cli->err(), HasSubstr("unknown provider \"opneai\": use one of openai"));
}

}  // namespace
}  // namespace tinychat
