// list_models through a real CurlSession against the loopback server: the GET reaches the
// provider's list endpoint with the key in its header, and the recorded list comes back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/loopback_server.h"
#include "support/test_certificates.h"
#include "support/test_data.h"
#include "tinychat/curl_session.h"
#include "tinychat/model_list.h"
#include "tinychat/provider.h"

namespace tinychat {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using ::testing::Not;
using testing::read_test_data;
using testing::Reply;

constexpr const char* kKey = "integration-key-5d1e";

class ModelListingOverHttp : public ::testing::Test {
 protected:
  LoopbackServer server;
  CurlSession http;
  std::unique_ptr<Provider> anthropic = make_provider(
      {"anthropic", ApiFamily::anthropic, OpenAIDialect::generic, server.url("/v1"), kKey});
};

TEST_F(ModelListingOverHttp, AnthropicListsTheModelsWithItsKeyHeader) {
  server.route("/v1/models", Reply::json(200, read_test_data("models_anthropic.json")));
  int calls = 0;
  ModelListResult result =
      list_models(http, *anthropic, [&](const ModelListResult&) { ++calls; }).get();

  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(result.models,
              ElementsAre(ModelInfo{"claude-sonnet-4-5-20250929", "Claude Sonnet 4.5"},
                          ModelInfo{"claude-opus-4-1-20250805", "Claude Opus 4.1"},
                          ModelInfo{"claude-3-5-haiku-20241022", "Claude Haiku 3.5"}));
  EXPECT_EQ(calls, 1);

  ASSERT_TRUE(server.wait_for_requests(1));
  const testing::RecordedRequest request = server.request(0);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/v1/models?limit=1000");
  EXPECT_EQ(request.header("x-api-key").value_or(""), kKey);
  EXPECT_EQ(request.header("anthropic-version").value_or(""), "2023-06-01");
  EXPECT_THAT(request.target, Not(HasSubstr(kKey)));
  EXPECT_TRUE(request.body.empty());
}

TEST_F(ModelListingOverHttp, AnthropicRefusalIsTheUsualStatusError) {
  server.route("/v1/models", Reply::json(401, read_test_data("anthropic_401.json")));
  ModelListResult result = list_models(http, *anthropic).get();
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_EQ(result.error.message,
            "Server responded with an error. Status Code: 401: invalid x-api-key");
  EXPECT_TRUE(result.models.empty());
}

TEST(ModelListingOverHttps, TrustsThePrivateCaTheSessionWasGiven) {
  // The window lists models through the same CurlSession as its answers: the CA applies alike.
  testing::TestCertificates certificates;
  LoopbackServer server(certificates.server_identity());
  server.route("/v1/models", Reply::json(200, read_test_data("models_anthropic.json")));
  const auto anthropic = make_provider(
      {"anthropic", ApiFamily::anthropic, OpenAIDialect::generic, server.url("/v1"), kKey});

  CurlSession without_ca;
  EXPECT_THAT(list_models(without_ca, *anthropic).get().error.message,
              HasSubstr("TLS with 127.0.0.1 failed"));

  CurlSessionOptions options;
  options.ca_file = certificates.ca_file();
  CurlSession with_ca(options);
  ModelListResult result = list_models(with_ca, *anthropic).get();
  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(result.models.size(), 3u);
}

}  // namespace
}  // namespace tinychat
