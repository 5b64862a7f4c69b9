// The original's handler tests, for each provider: a mocked session whose post yields a 200
// stream gives exactly the expected pieces and history; a non-2xx reply gives the error naming
// the status and the provider's own message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/mock_session.h"
#include "support/collected_deltas.h"
#include "support/test_data.h"
#include "tinychat/chat_session.h"
#include "tinychat/provider_registry.h"

namespace tinychat {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MockSession;
using ::testing::Not;
using testing::read_test_data;
using testing::Reply;
using ::testing::SaveArg;
using testing::split_every;

constexpr const char* kKey = "test-key-7f3a";

struct ProviderCase {
  const char* provider;
  const char* stream_file;
  const char* answer_file;
  const char* error_file;
  int error_status;
  const char* provider_message;  // what error_file says, in the provider's words
};

std::shared_ptr<const Provider> builtin(const std::string& name, const std::string& base_url = "") {
  const BuiltinProvider* info = find_builtin_provider(name);
  return make_provider({std::string(info->name), info->family, info->dialect,
                        base_url.empty() ? std::string(info->default_base_url) : base_url, kKey});
}

void PrintTo(const ProviderCase& c, std::ostream* os) { *os << c.provider; }

class ProviderHandler : public ::testing::TestWithParam<ProviderCase> {};

TEST_P(ProviderHandler, StreamsThePiecesThenRecordsTheTurn) {
  const ProviderCase& c = GetParam();
  auto http = std::make_shared<MockSession>();
  HttpRequest sent;
  const std::string stream = read_test_data(c.stream_file);
  const std::string answer = read_test_data(c.answer_file);
  // 7-byte pieces split events, lines, CRLF pairs and multi-byte characters.
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce(::testing::DoAll(SaveArg<0>(&sent), Reply(200, split_every(stream, 7))));
  const std::string base_url =
      std::string(c.provider) == "cohere_v1" ? "https://api.cohere.com/v1" : "";
  const std::string name = std::string(c.provider) == "cohere_v1" ? "cohere" : c.provider;
  ChatSession chat(http, builtin(name, base_url), {"some-model", "Be brief.", 0.3, std::nullopt});

  testing::CollectedDeltas streamed;
  TurnResult result = chat.stream_response("hello", streamed.callback()).get();

  ASSERT_FALSE(result.error) << result.error.message;
  EXPECT_EQ(streamed.text, answer);
  EXPECT_EQ(result.text, answer);
  EXPECT_GT(streamed.batch_sizes.size(), 1u) << "the answer should arrive piece by piece";
  EXPECT_FALSE(result.finish_reason.empty());
  EXPECT_THAT(chat.history(),
              ElementsAre(Message{Role::user, "hello", "", false},
                          Message{Role::assistant, answer, result.reasoning, false}));
  EXPECT_THAT(sent.url, Not(HasSubstr(kKey)));
  EXPECT_THAT(sent.body, HasSubstr("hello"));
  EXPECT_THAT(sent.body, HasSubstr("Be brief."));
}

TEST_P(ProviderHandler, NonSuccessStatusBecomesAnErrorNamingIt) {
  const ProviderCase& c = GetParam();
  auto http = std::make_shared<MockSession>();
  EXPECT_CALL(*http, post(_, _, _)).WillOnce(Reply(c.error_status, {read_test_data(c.error_file)}));
  const std::string name = std::string(c.provider) == "cohere_v1" ? "cohere" : c.provider;
  // Retries have tests of their own; this one reads the message of the first answer.
  ChatSession chat(http, builtin(name), {"some-model", "", std::nullopt, std::nullopt},
                   RetryPolicy{.max_retries = 0});
  TurnResult result = chat.stream_response("hello").get();
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_EQ(result.error.message, "Server responded with an error. Status Code: " +
                                      std::to_string(c.error_status) + ": " + c.provider_message);
  EXPECT_THAT(chat.history(), ElementsAre(Message{Role::user, "hello", "", false}));
}

INSTANTIATE_TEST_SUITE_P(
    AllProviders, ProviderHandler,
    ::testing::Values(
        ProviderCase{"openai", "openai.sse", "openai.answer", "openai_401.json", 401,
                     "Incorrect API key provided: sk-abc***xyz. You can find your API key at "
                     "https://platform.openai.com/account/api-keys."},
        ProviderCase{"mistral", "mistral.sse", "mistral.answer", "mistral_401.json", 401,
                     "Unauthorized"},
        ProviderCase{"together", "together.sse", "together.answer", "openai_429.json", 429,
                     "Rate limit reached for gpt-4o in organization org-tinychat on tokens per min "
                     "(TPM): Limit 30000, Used 29800, Requested 500. Please try again in 600ms. "
                     "Visit https://platform.openai.com/account/rate-limits to learn more."},
        ProviderCase{"anthropic", "anthropic.sse", "anthropic.answer", "anthropic_401.json", 401,
                     "invalid x-api-key"},
        ProviderCase{"gemini", "gemini.sse", "gemini.answer", "gemini_400.json", 400,
                     "API key not valid. Please pass a valid API key."},
        ProviderCase{"cohere", "cohere.sse", "cohere.answer", "cohere_400.json", 400,
                     "model 'some-model' not found, make sure the correct model ID was used and "
                     "that you have access to the model."},
        ProviderCase{"cohere_v1", "cohere_v1.ndjson", "cohere_v1.answer", "cohere_400.json", 400,
                     "model 'some-model' not found, make sure the correct model ID was used and "
                     "that you have access to the model."}),
    [](const auto& test_info) { return std::string(test_info.param.provider); });

}  // namespace
}  // namespace tinychat
