#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"
#include "tinychat/provider_registry.h"

namespace tinychat {
namespace {

TEST(MakeProvider, KeepsTheConfigItWasGiven) {
  auto provider = make_provider(
      {"local", ApiFamily::openai, OpenAIDialect::generic, "http://127.0.0.1:8080/v1", ""});
  EXPECT_EQ(provider->config().name, "local");
  EXPECT_EQ(provider->config().base_url, "http://127.0.0.1:8080/v1");
  EXPECT_EQ(provider->config().dialect, OpenAIDialect::generic);
}

TEST(MakeProvider, EveryBuiltinBuildsARequestUnderItsDefaultBaseUrl) {
  const History history = {{Role::user, "hi", "", false}};
  for (const BuiltinProvider& builtin : builtin_providers()) {
    auto provider = make_provider({std::string(builtin.name), builtin.family, builtin.dialect,
                                   std::string(builtin.default_base_url), "key-0"});
    const HttpRequest request =
        provider->build_request(history, {std::string(builtin.default_model), "", {}, {}});
    EXPECT_THAT(request.url, ::testing::StartsWith(std::string(builtin.default_base_url) + "/"))
        << builtin.name;
    EXPECT_THAT(request.url, ::testing::Not(::testing::HasSubstr("key-0"))) << builtin.name;
    EXPECT_TRUE(nlohmann::json::accept(request.body)) << builtin.name;
    EXPECT_EQ(provider->framing(), Framing::sse) << builtin.name;
  }
}

TEST(MakeProvider, EachFamilyHasItsEndMarker) {
  EXPECT_EQ(testing::provider_for(ApiFamily::openai)->make_decoder()->end_marker(), "data: [DONE]");
  EXPECT_EQ(testing::provider_for(ApiFamily::anthropic)->make_decoder()->end_marker(),
            "event: message_stop");
  EXPECT_EQ(testing::provider_for(ApiFamily::gemini)->make_decoder()->end_marker(),
            "a candidate with finishReason");
  EXPECT_EQ(testing::provider_for(ApiFamily::cohere, OpenAIDialect::generic, "https://c/v2")
                ->make_decoder()
                ->end_marker(),
            "event: message-end");
}

TEST(MakeProvider, DecodersAreIndependent) {
  auto provider = testing::provider_for(ApiFamily::openai);
  auto first = provider->make_decoder();
  auto second = provider->make_decoder();
  std::vector<Delta> out;
  ASSERT_FALSE(first->decode("message", "[DONE]", out));
  EXPECT_TRUE(first->complete());
  EXPECT_FALSE(second->complete());
}

}  // namespace
}  // namespace tinychat
