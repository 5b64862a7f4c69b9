// build_models_request and parse_models of every adapter: the GET of each provider's list-models
// endpoint (PROTOCOLS §2.1-2.7, "Models:"), and the chat models read from recorded list bodies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decode_helpers.h"
#include "support/test_data.h"
#include "tinychat/provider_registry.h"

namespace tinychat {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::header_value;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::provider_for;
using testing::read_test_data;
using ::testing::StartsWith;

constexpr const char* kKey = "sk-test-key-1234";

// --- Requests ---------------------------------------------------------------------------------

void ExpectKeyOnlyInHeaders(const HttpRequest& request) {
  EXPECT_EQ(request.method, "GET");
  EXPECT_THAT(request.url, Not(HasSubstr(kKey)));
  EXPECT_THAT(request.url, Not(HasSubstr("key=")));
  EXPECT_THAT(request.body, IsEmpty());
}

TEST(ModelListRequest, OpenAIGetsModelsWithTheBearerKey) {
  auto provider =
      provider_for(ApiFamily::openai, OpenAIDialect::openai, "https://api.openai.com/v1/");
  const HttpRequest request = provider->build_models_request();
  ExpectKeyOnlyInHeaders(request);
  EXPECT_EQ(request.url, "https://api.openai.com/v1/models");
  EXPECT_EQ(header_value(request, "Authorization"), "Bearer sk-test-key-1234");
  EXPECT_EQ(header_value(request, "Accept"), "application/json");
  EXPECT_EQ(header_value(request, "Content-Type"), "<none>");
}

TEST(ModelListRequest, OpenAICompatibleDialectsUseTheSameEndpoint) {
  for (OpenAIDialect dialect :
       {OpenAIDialect::mistral, OpenAIDialect::together, OpenAIDialect::generic}) {
    auto provider = provider_for(ApiFamily::openai, dialect, "https://api.example.com/v1");
    const HttpRequest request = provider->build_models_request();
    ExpectKeyOnlyInHeaders(request);
    EXPECT_EQ(request.url, "https://api.example.com/v1/models");
    EXPECT_EQ(header_value(request, "Authorization"), "Bearer sk-test-key-1234");
  }
}

TEST(ModelListRequest, LocalServerWithoutAKeyGetsNoAuthorization) {
  auto provider =
      provider_for(ApiFamily::openai, OpenAIDialect::generic, "http://127.0.0.1:11434/v1", "");
  const HttpRequest request = provider->build_models_request();
  EXPECT_EQ(request.url, "http://127.0.0.1:11434/v1/models");
  EXPECT_EQ(header_value(request, "Authorization"), "<none>");
}

TEST(ModelListRequest, AnthropicAsksForOneLargePageWithKeyAndVersionHeaders) {
  auto provider =
      provider_for(ApiFamily::anthropic, OpenAIDialect::generic, "https://api.anthropic.com/v1");
  const HttpRequest request = provider->build_models_request();
  ExpectKeyOnlyInHeaders(request);
  EXPECT_EQ(request.url, "https://api.anthropic.com/v1/models?limit=1000");
  EXPECT_EQ(header_value(request, "x-api-key"), kKey);
  EXPECT_EQ(header_value(request, "anthropic-version"), "2023-06-01");
  EXPECT_EQ(header_value(request, "Authorization"), "<none>");

  auto keyless = provider_for(ApiFamily::anthropic, OpenAIDialect::generic, "http://proxy/v1", "");
  EXPECT_EQ(header_value(keyless->build_models_request(), "x-api-key"), "<none>");
  EXPECT_EQ(header_value(keyless->build_models_request(), "anthropic-version"), "2023-06-01");
}

TEST(ModelListRequest, GeminiSendsTheKeyInAHeaderNotTheQuery) {
  auto provider = provider_for(ApiFamily::gemini, OpenAIDialect::generic,
                               "https://generativelanguage.googleapis.com/v1beta");
  const HttpRequest request = provider->build_models_request();
  ExpectKeyOnlyInHeaders(request);
  EXPECT_EQ(request.url, "https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000");
  EXPECT_EQ(header_value(request, "x-goog-api-key"), kKey);
}

TEST(ModelListRequest, CohereListsChatModelsUnderV1WhateverTheChatVersion) {
  const std::pair<const char*, const char*> cases[] = {
      {"https://api.cohere.com/v2",
       "https://api.cohere.com/v1/models?endpoint=chat&page_size=1000"},
      {"https://api.cohere.com/v2/",
       "https://api.cohere.com/v1/models?endpoint=chat&page_size=1000"},
      {"https://api.cohere.com/v1",
       "https://api.cohere.com/v1/models?endpoint=chat&page_size=1000"},
      {"https://proxy.example/cohere",
       "https://proxy.example/cohere/models?endpoint=chat&page_size=1000"},
      {"https://proxy.example/v2x",
       "https://proxy.example/v2x/models?endpoint=chat&page_size=1000"},
  };
  for (const auto& [base, url] : cases) {
    const HttpRequest request =
        provider_for(ApiFamily::cohere, OpenAIDialect::generic, base)->build_models_request();
    ExpectKeyOnlyInHeaders(request);
    EXPECT_EQ(request.url, url) << base;
    EXPECT_EQ(header_value(request, "Authorization"), "Bearer sk-test-key-1234") << base;
  }
}

TEST(ModelListRequest, EveryBuiltinSendsItsKeyInAHeaderOfAGet) {
  for (const BuiltinProvider& builtin : builtin_providers()) {
    auto provider = make_provider({std::string(builtin.name), builtin.family, builtin.dialect,
                                   std::string(builtin.default_base_url), kKey});
    const HttpRequest request = provider->build_models_request();
    ExpectKeyOnlyInHeaders(request);
    EXPECT_THAT(request.url, StartsWith("https://")) << builtin.name;
    bool key_sent = false;
    for (const HttpHeader& header : request.headers) {
      key_sent = key_sent || header.value.find(kKey) != std::string::npos;
    }
    EXPECT_TRUE(key_sent) << builtin.name;
  }
}

// --- Recorded lists ---------------------------------------------------------------------------

struct ListCase {
  const char* name;
  ApiFamily family;
  OpenAIDialect dialect;
  const char* base_url;
  const char* file;
  std::vector<ModelInfo> expected;
};

void PrintTo(const ListCase& c, std::ostream* os) { *os << c.name; }

class RecordedModelList : public ::testing::TestWithParam<ListCase> {};

TEST_P(RecordedModelList, GivesTheChatModelsInTheProvidersOrder) {
  const ListCase& c = GetParam();
  auto provider = provider_for(c.family, c.dialect, c.base_url);
  std::vector<ModelInfo> models = {{"left over", "from before"}};
  const Error error = provider->parse_models(read_test_data(c.file), models);
  ASSERT_FALSE(error) << error.message;
  EXPECT_EQ(models, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    AllProviders, RecordedModelList,
    ::testing::Values(
        // Embeddings, speech, images, moderation, legacy completions, realtime, search, video
        // and computer use are left out; fine-tuned chat models stay.
        ListCase{"openai",
                 ApiFamily::openai,
                 OpenAIDialect::openai,
                 "https://api.openai.com/v1",
                 "models_openai.json",
                 {{"gpt-4o", ""},
                  {"gpt-4o-mini", ""},
                  {"o3-mini", ""},
                  {"gpt-4.1", ""},
                  {"ft:gpt-4o-mini-2024-07-18:tinychat::A1b2C3d4", ""}}},
        // A local server's list is taken as it is, embedding models included.
        ListCase{
            "generic",
            ApiFamily::openai,
            OpenAIDialect::generic,
            "http://127.0.0.1:11434/v1",
            "models_generic.json",
            {{"llama3.2:latest", ""}, {"nomic-embed-text:latest", ""}, {"qwen2.5-coder:7b", ""}}},
        // completion_chat false is left out, no capabilities is kept, aliases stay, a repeated
        // id comes once, and "name" is not a human name.
        ListCase{"mistral",
                 ApiFamily::openai,
                 OpenAIDialect::mistral,
                 "https://api.mistral.ai/v1",
                 "models_mistral.json",
                 {{"mistral-large-2411", ""},
                  {"mistral-large-latest", ""},
                  {"codestral-2501", ""},
                  {"ft:open-mistral-7b:587a6b29:20240514:7e773925", ""}}},
        ListCase{"together",
                 ApiFamily::openai,
                 OpenAIDialect::together,
                 "https://api.together.xyz/v1",
                 "models_together.json",
                 {{"meta-llama/Llama-3.3-70B-Instruct-Turbo", "Meta Llama 3.3 70B Instruct Turbo"},
                  {"deepseek-ai/DeepSeek-R1", "DeepSeek R1"},
                  {"Qwen/Qwen2.5-7B-Instruct-Turbo", "Qwen2.5 7B Instruct Turbo"}}},
        ListCase{"anthropic",
                 ApiFamily::anthropic,
                 OpenAIDialect::generic,
                 "https://api.anthropic.com/v1",
                 "models_anthropic.json",
                 {{"claude-sonnet-4-5-20250929", "Claude Sonnet 4.5"},
                  {"claude-opus-4-1-20250805", "Claude Opus 4.1"},
                  {"claude-3-5-haiku-20241022", "Claude Haiku 3.5"}}},
        ListCase{"gemini",
                 ApiFamily::gemini,
                 OpenAIDialect::generic,
                 "https://generativelanguage.googleapis.com/v1beta",
                 "models_gemini.json",
                 {{"gemini-2.5-flash", "Gemini 2.5 Flash"},
                  {"gemini-2.5-pro", "Gemini 2.5 Pro"},
                  {"gemma-3-27b-it", "Gemma 3 27B"}}},
        ListCase{"cohere_v2",
                 ApiFamily::cohere,
                 OpenAIDialect::generic,
                 "https://api.cohere.com/v2",
                 "models_cohere.json",
                 {{"command-a-03-2025", ""},
                  {"command-r-plus-08-2024", ""},
                  {"command-r7b-12-2024", ""}}},
        ListCase{"cohere_v1",
                 ApiFamily::cohere,
                 OpenAIDialect::generic,
                 "https://api.cohere.com/v1",
                 "models_cohere.json",
                 {{"command-a-03-2025", ""},
                  {"command-r-plus-08-2024", ""},
                  {"command-r7b-12-2024", ""}}}),
    [](const ::testing::TestParamInfo<ListCase>& param) { return std::string(param.param.name); });

// --- Edge cases -------------------------------------------------------------------------------

std::vector<ModelInfo> parse_ok(const Provider& provider, std::string_view body) {
  std::vector<ModelInfo> models;
  const Error error = provider.parse_models(body, models);
  EXPECT_FALSE(error) << error.message;
  return models;
}

Error parse_error(const Provider& provider, std::string_view body) {
  std::vector<ModelInfo> models = {{"left over", ""}};
  Error error = provider.parse_models(body, models);
  EXPECT_EQ(error.code, ErrorCode::malformed_stream) << body;
  EXPECT_THAT(error.message, StartsWith("The model list from test is not the JSON its API "
                                        "documents: "));
  EXPECT_THAT(models, IsEmpty()) << body;
  return error;
}

TEST(ModelListParse, AnEmptyListIsNoError) {
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::openai, OpenAIDialect::openai),
                       R"({"object":"list","data":[]})"),
              IsEmpty());
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::openai, OpenAIDialect::together), "[]"), IsEmpty());
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::anthropic), R"({"data":[],"has_more":false})"),
              IsEmpty());
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::cohere), R"({"models":[]})"), IsEmpty());
  // Google's JSON leaves an empty repeated field out altogether.
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::gemini), "{}"), IsEmpty());
}

TEST(ModelListParse, OpenAIFilterIgnoresCase) {
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::openai, OpenAIDialect::openai),
                       R"({"data":[{"id":"Text-Embedding-X"},{"id":"GPT-5"},{"id":"TTS-2"}]})"),
              ElementsAre(ModelInfo{"GPT-5", ""}));
}

TEST(ModelListParse, OddOptionalFieldsCountAsAbsent) {
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::openai, OpenAIDialect::mistral),
                       R"({"data":[{"id":"a","capabilities":null},
                                   {"id":"b","capabilities":{"completion_chat":"yes"}},
                                   {"id":"c","capabilities":{"completion_chat":false}}]})"),
              ElementsAre(ModelInfo{"a", ""}, ModelInfo{"b", ""}));
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::openai, OpenAIDialect::together),
                       R"([{"id":"a","display_name":null},{"id":"b","type":"chat","display_name":7},
                           {"id":"c","type":"language"}])"),
              ElementsAre(ModelInfo{"a", ""}, ModelInfo{"b", ""}));
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::cohere),
                       R"({"models":[{"name":"a"},{"name":"b","endpoints":["embed"]},
                                     {"name":"c","endpoints":null}]})"),
              ElementsAre(ModelInfo{"a", ""}, ModelInfo{"c", ""}));
}

TEST(ModelListParse, GeminiStripsOnlyTheModelsPrefix) {
  EXPECT_THAT(parse_ok(*provider_for(ApiFamily::gemini),
                       R"({"models":[
                         {"name":"models/a","supportedGenerationMethods":["generateContent"]},
                         {"name":"tunedModels/b","supportedGenerationMethods":["generateContent"]},
                         {"name":"models/a","supportedGenerationMethods":["generateContent"]},
                         {"name":"models/c"}]})"),
              ElementsAre(ModelInfo{"a", ""}, ModelInfo{"tunedModels/b", ""}));
}

TEST(ModelListParse, ParsingAgainReplacesTheList) {
  auto provider = provider_for(ApiFamily::anthropic);
  std::vector<ModelInfo> models;
  ASSERT_FALSE(provider->parse_models(R"({"data":[{"id":"a"}]})", models));
  ASSERT_FALSE(provider->parse_models(R"({"data":[{"id":"b"}]})", models));
  EXPECT_THAT(models, ElementsAre(ModelInfo{"b", ""}));
}

TEST(ModelListParse, NotJsonIsAnErrorQuotingOnlyTheStartOfTheBody) {
  const std::string page =
      "<!DOCTYPE html>\n<html>\n  <head><title>404 Not Found</title></head>\n" +
      std::string(5000, 'x') + "THE-END-OF-THE-PAGE</html>";
  for (ApiFamily family :
       {ApiFamily::openai, ApiFamily::anthropic, ApiFamily::gemini, ApiFamily::cohere}) {
    auto provider = provider_for(family, OpenAIDialect::openai);
    const Error error = parse_error(*provider, page);
    EXPECT_THAT(error.message, HasSubstr("not JSON"));
    EXPECT_THAT(error.message, HasSubstr("<!DOCTYPE html> <html> <head>"));
    EXPECT_THAT(error.message, Not(HasSubstr("THE-END-OF-THE-PAGE")));
    EXPECT_LT(error.message.size(), 200u);
  }
  EXPECT_THAT(parse_error(*provider_for(ApiFamily::anthropic), "").message,
              HasSubstr("the body is empty"));
}

TEST(ModelListParse, TruncatedJsonIsAnError) {
  const std::string body = read_test_data("models_anthropic.json");
  parse_error(*provider_for(ApiFamily::anthropic), body.substr(0, body.size() / 2));
}

TEST(ModelListParse, AKeyEchoedInTheBodyNeverReachesTheMessage) {
  const Error error = parse_error(*provider_for(ApiFamily::openai, OpenAIDialect::openai),
                                  std::string("Invalid key ") + kKey + " for /v1/models");
  EXPECT_THAT(error.message, Not(HasSubstr(kKey)));
  EXPECT_THAT(error.message, HasSubstr("[redacted]"));
  // Cut in the middle of the key: no part of it may show either.
  const Error cut = parse_error(*provider_for(ApiFamily::openai, OpenAIDialect::openai),
                                std::string(50, '.') + kKey + std::string(100, '.'));
  EXPECT_THAT(cut.message, Not(HasSubstr("sk-test")));
}

TEST(ModelListParse, TheWrongShapeIsAnErrorNamingWhatIsMissing) {
  EXPECT_THAT(parse_error(*provider_for(ApiFamily::openai, OpenAIDialect::openai),
                          R"({"models":[{"id":"gpt-4o"}]})")
                  .message,
              HasSubstr(R"(no "data" array)"));
  EXPECT_THAT(parse_error(*provider_for(ApiFamily::openai, OpenAIDialect::generic),
                          R"({"data":{"id":"x"}})")
                  .message,
              HasSubstr(R"(no "data" array)"));
  EXPECT_THAT(parse_error(*provider_for(ApiFamily::openai, OpenAIDialect::together),
                          R"({"object":"list","data":[]})")
                  .message,
              HasSubstr("not an array"));
  EXPECT_THAT(parse_error(*provider_for(ApiFamily::anthropic), R"([{"id":"claude"}])").message,
              HasSubstr(R"(not an object with a "data" array)"));
  EXPECT_THAT(parse_error(*provider_for(ApiFamily::anthropic),
                          R"({"data":[{"id":"a"},{"display_name":"No id"}]})")
                  .message,
              HasSubstr(R"(entry 1 has no "id" string)"));
  EXPECT_THAT(
      parse_error(*provider_for(ApiFamily::gemini), R"({"models":{"name":"models/a"}})").message,
      HasSubstr(R"(no "models" array)"));
  EXPECT_THAT(parse_error(*provider_for(ApiFamily::gemini), R"({"models":["models/a"]})").message,
              HasSubstr(R"(entry 0 has no "name" string)"));
  EXPECT_THAT(
      parse_error(*provider_for(ApiFamily::cohere), R"({"data":[{"name":"command"}]})").message,
      HasSubstr(R"(no "models" array)"));
  EXPECT_THAT(parse_error(*provider_for(ApiFamily::cohere), R"({"models":[{"name":7}]})").message,
              HasSubstr(R"(entry 0 has no "name" string)"));
}

}  // namespace
}  // namespace tinychat
