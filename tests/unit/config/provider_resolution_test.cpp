#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_test_support.h"
#include "tinychat/settings.h"

namespace tinychat {
namespace {

using testing::fake_environment;
using ::testing::HasSubstr;
using ::testing::Not;

const std::filesystem::path kConfig = "/home/u/.config/tinychat/config.json";

ResolvedProvider resolve(const ProviderChoice& choice, const Settings& settings,
                         std::map<std::string, std::string> env, Error* error = nullptr) {
  ResolvedProvider out;
  Error e = resolve_provider(choice, settings, fake_environment(std::move(env)), kConfig, out);
  if (error) {
    *error = e;
  } else {
    EXPECT_FALSE(e) << e.message;
  }
  return out;
}

const std::map<std::string, std::string> kAllKeys{
    {"OPENAI_API_KEY", "ko"},   {"ANTHROPIC_API_KEY", "ka"}, {"MISTRAL_API_KEY", "km"},
    {"TOGETHER_API_KEY", "kt"}, {"GEMINI_API_KEY", "kg"},    {"COHERE_API_KEY", "kc"}};

TEST(ResolveProvider, InfersTheProviderFromTheModelName) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"claude-sonnet-4-5", "anthropic"},
      {"gemini-2.5-flash", "gemini"},
      {"command-a-03-2025", "cohere"},
      {"mistral-large-latest", "mistral"},
      {"codestral-latest", "mistral"},
      {"magistral-medium", "mistral"},
      {"gpt-4o", "openai"},
      {"o3-mini", "openai"},
      {"o4-mini", "openai"},
      {"meta-llama/Llama-3.3-70B-Instruct-Turbo", "together"}};
  for (const auto& [model, provider] : cases) {
    const ResolvedProvider r = resolve({"", model, ""}, {}, kAllKeys);
    EXPECT_EQ(r.config.name, provider) << model;
    EXPECT_EQ(r.model, model);
  }
}

TEST(ResolveProvider, ExplicitProviderWinsOverTheModelName) {
  const ResolvedProvider r = resolve({"openai", "claude-sonnet-4-5", ""}, {}, kAllKeys);
  EXPECT_EQ(r.config.name, "openai");
  EXPECT_EQ(r.config.family, ApiFamily::openai);
}

TEST(ResolveProvider, FallsBackToTheConfiguredDefaults) {
  Settings s;
  s.default_provider = "mistral";
  s.default_model = "mistral-small-latest";
  const ResolvedProvider r = resolve({}, s, kAllKeys);
  EXPECT_EQ(r.config.name, "mistral");
  EXPECT_EQ(r.config.dialect, OpenAIDialect::mistral);
  EXPECT_EQ(r.model, "mistral-small-latest");
  // An unknown model name goes to the default provider.
  EXPECT_EQ(resolve({"", "my-finetune", ""}, s, kAllKeys).config.name, "mistral");
}

TEST(ResolveProvider, DefaultModelOfAnotherProviderIsNotUsed) {
  Settings s;
  s.default_model = "claude-sonnet-4-5";
  const ResolvedProvider r = resolve({"gemini", "", ""}, s, kAllKeys);
  EXPECT_EQ(r.model, "gemini-2.5-flash");
  EXPECT_EQ(resolve({}, s, kAllKeys).config.name, "anthropic");
}

TEST(ResolveProvider, WithNothingConfiguredItIsOpenAI) {
  const ResolvedProvider r = resolve({}, {}, kAllKeys);
  EXPECT_EQ(r.config.name, "openai");
  EXPECT_EQ(r.config.base_url, "https://api.openai.com/v1");
  EXPECT_EQ(r.model, "gpt-4o");
}

TEST(ResolveProvider, EnvironmentKeyBeatsTheConfigFile) {
  Settings s;
  s.providers["anthropic"].api_key = "from-file";
  EXPECT_EQ(resolve({"anthropic", "", ""}, s, {{"ANTHROPIC_API_KEY", "from-env"}}).config.api_key,
            "from-env");
  EXPECT_EQ(resolve({"anthropic", "", ""}, s, {}).config.api_key, "from-file");
}

TEST(ResolveProvider, GeminiAcceptsGoogleApiKeyToo) {
  EXPECT_EQ(resolve({"gemini", "", ""}, {}, {{"GOOGLE_API_KEY", "g"}}).config.api_key, "g");
  EXPECT_EQ(resolve({"gemini", "", ""}, {}, {{"GEMINI_API_KEY", "first"}, {"GOOGLE_API_KEY", "g"}})
                .config.api_key,
            "first");
}

TEST(ResolveProvider, BaseUrlPrecedenceAndTrailingSlash) {
  Settings s;
  s.providers["openai"].base_url = "http://file/v1";
  std::map<std::string, std::string> env{{"OPENAI_API_KEY", "k"},
                                         {"OPENAI_BASE_URL", "http://env/v1/"}};
  EXPECT_EQ(resolve({"openai", "", "http://flag/v1//"}, s, env).config.base_url, "http://flag/v1");
  EXPECT_EQ(resolve({"openai", "", ""}, s, env).config.base_url, "http://env/v1");
  env.erase("OPENAI_BASE_URL");
  EXPECT_EQ(resolve({"openai", "", ""}, s, env).config.base_url, "http://file/v1");
}

TEST(ResolveProvider, MissingKeyNamesTheVariableAndTheConfigEntry) {
  Error error;
  resolve({"anthropic", "", ""}, {}, {}, &error);
  EXPECT_EQ(error.code, ErrorCode::missing_key);
  EXPECT_EQ(
      error.message,
      "No API key for anthropic: set ANTHROPIC_API_KEY, or add \"api_key\" under \"providers\" → "
      "\"anthropic\" in /home/u/.config/tinychat/config.json");
  resolve({"gemini", "", ""}, {}, {}, &error);
  EXPECT_THAT(error.message, HasSubstr("GEMINI_API_KEY or GOOGLE_API_KEY"));
}

TEST(ResolveProvider, OwnServerThroughABaseUrlNeedsNoKey) {
  Error error;
  const ResolvedProvider r =
      resolve({"openai", "llama3.2", "http://localhost:11434/v1"}, {}, {}, &error);
  EXPECT_FALSE(error) << error.message;
  EXPECT_EQ(r.config.api_key, "");
}

TEST(ResolveProvider, ConfiguredEndpointByNameAndByModel) {
  Settings s;
  s.endpoints.push_back({"ollama", "http://localhost:11434/v1/", "", "", {"llama3.2", "qwen3"}});
  s.endpoints.push_back({"work", "https://llm.example.com/v1", "file-key", "WORK_KEY", {"big"}});
  ResolvedProvider r = resolve({"ollama", "", ""}, s, {});
  EXPECT_EQ(r.config.name, "ollama");
  EXPECT_EQ(r.config.family, ApiFamily::openai);
  EXPECT_EQ(r.config.dialect, OpenAIDialect::generic);
  EXPECT_EQ(r.config.base_url, "http://localhost:11434/v1");
  EXPECT_EQ(r.model, "llama3.2");
  EXPECT_EQ(resolve({"", "qwen3", ""}, s, {}).config.name, "ollama");
  EXPECT_EQ(resolve({"", "big", ""}, s, {{"WORK_KEY", "env-key"}}).config.api_key, "env-key");
  EXPECT_EQ(resolve({"work", "", ""}, s, {}).config.api_key, "file-key");
}

TEST(ResolveProvider, EndpointWithoutModelsNeedsOne) {
  Settings s;
  s.endpoints.push_back({"bare", "http://x/v1", "", "", {}});
  Error error;
  resolve({"bare", "", ""}, s, {}, &error);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message, HasSubstr("-m MODEL"));
}

TEST(ResolveProvider, UnknownProviderListsTheKnownOnes) {
  Settings s;
  s.endpoints.push_back({"ollama", "http://x/v1", "", "", {"m"}});
  Error error;
  resolve({"opneai", "", ""}, s, kAllKeys, &error);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message,
              HasSubstr("openai, anthropic, mistral, together, gemini, cohere, ollama"));
}

TEST(ResolveProvider, KeysNeverAppearInMessages) {
  Settings s;
  s.providers["openai"].api_key = "sk-file-secret";
  Error error;
  resolve({"nope", "", ""}, s, {{"OPENAI_API_KEY", "sk-env-secret"}}, &error);
  EXPECT_THAT(error.message, Not(HasSubstr("secret")));
}

TEST(ResolveProvider, UnknownModelWithNoDefaultProviderGoesToOpenAI) {
  const ResolvedProvider r = resolve({"", "my-finetune", ""}, {}, kAllKeys);
  EXPECT_EQ(r.config.name, "openai");
  EXPECT_EQ(r.model, "my-finetune");
}

TEST(ResolveProvider, DefaultModelOfTheDefaultProviderIsUsedWhateverItsName) {
  Settings s;
  s.default_provider = "openai";
  s.default_model = "my-finetune";
  EXPECT_EQ(resolve({"openai", "", ""}, s, kAllKeys).model, "my-finetune");
  EXPECT_EQ(resolve({}, s, kAllKeys).model, "my-finetune");
}

TEST(ResolveProvider, DefaultModelServedByAnEndpointChoosesIt) {
  Settings s;
  s.default_model = "qwen3";
  s.endpoints.push_back({"ollama", "http://localhost:11434/v1", "", "", {"llama3.2", "qwen3"}});
  const ResolvedProvider r = resolve({}, s, {});
  EXPECT_EQ(r.config.name, "ollama");
  EXPECT_EQ(r.model, "qwen3");
  // ... and by name, its listed default model wins over the endpoint's first one.
  EXPECT_EQ(resolve({"ollama", "", ""}, s, {}).model, "qwen3");
}

TEST(ResolveProvider, EndpointBaseUrlGivesWayToTheChoice) {
  Settings s;
  s.endpoints.push_back({"ollama", "http://localhost:11434/v1", "", "", {"m"}});
  EXPECT_EQ(resolve({"ollama", "", "http://other:8080/v1/"}, s, {}).config.base_url,
            "http://other:8080/v1");
}

TEST(ResolveProvider, EndpointKeyFallsBackFromItsVariableToItsKeyToNone) {
  Settings s;
  s.endpoints.push_back({"work", "https://llm.example.com/v1", "file-key", "WORK_KEY", {"big"}});
  s.endpoints.push_back({"local", "http://localhost:8000/v1", "", "LOCAL_KEY", {"small"}});
  EXPECT_EQ(resolve({"work", "", ""}, s, {{"WORK_KEY", "env-key"}}).config.api_key, "env-key");
  EXPECT_EQ(resolve({"work", "", ""}, s, {{"WORK_KEY", ""}}).config.api_key, "file-key");
  Error error;
  EXPECT_EQ(resolve({"local", "", ""}, s, {}, &error).config.api_key, "");
  EXPECT_FALSE(error) << error.message;
}

TEST(ResolveProvider, BaseUrlVariableForAnOwnServerAllowsNoKey) {
  Error error;
  const ResolvedProvider r =
      resolve({}, {}, {{"OPENAI_BASE_URL", "http://localhost:8080/v1"}}, &error);
  EXPECT_FALSE(error) << error.message;
  EXPECT_EQ(r.config.base_url, "http://localhost:8080/v1");
  EXPECT_EQ(r.config.dialect, OpenAIDialect::openai);
}

TEST(ResolveProvider, TheProvidersOwnUrlWithASlashStillNeedsAKey) {
  Error error;
  resolve({"openai", "", "https://api.openai.com/v1/"}, {}, {}, &error);
  EXPECT_EQ(error.code, ErrorCode::missing_key);
}

TEST(ResolveProvider, BaseUrlFromTheConfigFileForItsProviderOnly) {
  Settings s;
  s.providers["mistral"].base_url = "http://mistral-proxy/v1";
  EXPECT_EQ(resolve({"mistral", "", ""}, s, kAllKeys).config.base_url, "http://mistral-proxy/v1");
  EXPECT_EQ(resolve({"together", "", ""}, s, kAllKeys).config.base_url,
            "https://api.together.xyz/v1");
}

TEST(ResolveProvider, FillsFamilyAndDialectOfEachBuiltin) {
  EXPECT_EQ(resolve({"anthropic", "", ""}, {}, kAllKeys).config.family, ApiFamily::anthropic);
  EXPECT_EQ(resolve({"gemini", "", ""}, {}, kAllKeys).config.family, ApiFamily::gemini);
  EXPECT_EQ(resolve({"cohere", "", ""}, {}, kAllKeys).config.family, ApiFamily::cohere);
  const ResolvedProvider together = resolve({"together", "", ""}, {}, kAllKeys);
  EXPECT_EQ(together.config.family, ApiFamily::openai);
  EXPECT_EQ(together.config.dialect, OpenAIDialect::together);
  EXPECT_EQ(together.config.api_key, "kt");
  EXPECT_EQ(together.model, "meta-llama/Llama-3.3-70B-Instruct-Turbo");
}

TEST(ResolveProvider, UnknownDefaultProviderBlamesTheConfigFile) {
  Settings s;
  s.default_provider = "opneai";
  Error error;
  resolve({}, s, kAllKeys, &error);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message,
              HasSubstr("unknown provider \"opneai\" (default_provider in " + kConfig.string()));
}

TEST(ResolveProvider, ProviderNameThatLooksLikeAKeyIsNotRepeated) {
  // `tinychat -p "$OPENAI_API_KEY"`: the argument is a key, and keys never go into messages.
  for (const std::string key : {"sk-proj-abc", "AIzaSyD4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9"}) {
    Error error;
    resolve({key, "", ""}, {}, kAllKeys, &error);
    EXPECT_EQ(error.code, ErrorCode::invalid_argument);
    EXPECT_THAT(error.message, Not(HasSubstr(key)));
    EXPECT_THAT(error.message, HasSubstr("openai, anthropic"));
  }
}

TEST(ResolveProvider, MissingKeyMessageNeverHoldsAKey) {
  Settings s;
  s.providers["anthropic"].api_key = "sk-file-secret";
  Error error;
  resolve({"openai", "", ""}, s, {{"ANTHROPIC_API_KEY", "sk-env-secret"}}, &error);
  EXPECT_EQ(error.code, ErrorCode::missing_key);
  EXPECT_THAT(error.message, Not(HasSubstr("secret")));
}

TEST(ResolveProvider, LeavesOutAsItWasOnAnError) {
  ResolvedProvider out;
  out.model = "before";
  out.config.name = "before";
  Error error = resolve_provider({"anthropic", "", ""}, {}, fake_environment({}), kConfig, out);
  EXPECT_EQ(error.code, ErrorCode::missing_key);
  EXPECT_EQ(out.model, "before");
  EXPECT_EQ(out.config.name, "before");
  EXPECT_EQ(out.config.api_key, "");
}

}  // namespace
}  // namespace tinychat

namespace tinychat {
namespace {

TEST(ResolveProviderIgnoringKey, GivesProviderAndModelWithoutAKey) {
  Settings settings;
  settings.default_model = "claude-sonnet-4-6";
  ResolvedProvider out;
  EXPECT_FALSE(resolve_provider_ignoring_key({}, settings, fake_environment({}), kConfig, out));
  EXPECT_EQ(out.config.name, "anthropic");
  EXPECT_EQ(out.model, "claude-sonnet-4-6");
  EXPECT_EQ(out.config.api_key, "");
  // The same choice through resolve_provider is still an error.
  Error error;
  resolve({}, settings, {}, &error);
  EXPECT_EQ(error.code, ErrorCode::missing_key);
}

TEST(ResolveProviderIgnoringKey, StillRefusesAnUnknownProvider) {
  ResolvedProvider out;
  Error error =
      resolve_provider_ignoring_key({"nope", "", ""}, {}, fake_environment({}), kConfig, out);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
}

TEST(ResolveProviderIgnoringKey, KeepsAKeyThatIsThere) {
  ResolvedProvider out;
  EXPECT_FALSE(resolve_provider_ignoring_key(
      {"mistral", "", ""}, {}, fake_environment({{"MISTRAL_API_KEY", "km"}}), kConfig, out));
  EXPECT_EQ(out.config.api_key, "km");
  EXPECT_EQ(out.model, "mistral-large-latest");
}

}  // namespace
}  // namespace tinychat

namespace tinychat {
namespace {

TEST(ResolveProvider, BaseUrlWithAQueryIsRefusedNamingWhereItCameFrom) {
  // Used to post to "/v1?x=1/chat/completions".
  Error error;
  resolve({"openai", "", "http://127.0.0.1:8080/v1?x=1"}, {}, {{"OPENAI_API_KEY", "k"}}, &error);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message,
              HasSubstr("unusable base URL \"http://127.0.0.1:8080/v1?...\" (from --base-url)"));
  EXPECT_THAT(error.message, HasSubstr("cannot have a query"));

  resolve({"openai", "", ""}, {},
          {{"OPENAI_API_KEY", "k"}, {"OPENAI_BASE_URL", "http://h/v1#frag"}}, &error);
  EXPECT_THAT(error.message, HasSubstr("\"http://h/v1#...\" (from OPENAI_BASE_URL)"));

  Settings s;
  s.providers["openai"].base_url = "http://h/v1?key=sk-in-the-query-123";
  resolve({"openai", "", ""}, s, {{"OPENAI_API_KEY", "k"}}, &error);
  EXPECT_THAT(error.message, HasSubstr("(from providers.openai.base_url in " + kConfig.string()));
  EXPECT_THAT(error.message, Not(HasSubstr("sk-in-the-query")));

  Settings with_endpoint;
  with_endpoint.endpoints.push_back({"local", "http://h/v1?a", "", "", {"m"}});
  resolve({"local", "", ""}, with_endpoint, {}, &error);
  EXPECT_THAT(error.message, HasSubstr("(from endpoint \"local\" in " + kConfig.string()));
}

TEST(ResolveProvider, BaseUrlThatIsNotHttpIsRefused) {
  Error error;
  for (const char* url :
       {"file:///etc/passwd", "ftp://h/v1", "localhost:8080/v1", "http:///v1", "http://h/ v1"}) {
    resolve({"openai", "", url}, {}, {{"OPENAI_API_KEY", "k"}}, &error);
    EXPECT_EQ(error.code, ErrorCode::invalid_argument) << url;
    EXPECT_THAT(error.message, HasSubstr("(from --base-url)")) << url;
  }
}

TEST(ResolveProvider, RefusedBaseUrlNeverShowsItsPassword) {
  Error error;
  resolve({"openai", "", "https://me:hunter2-secret@h/v1?x"}, {}, {{"OPENAI_API_KEY", "k"}},
          &error);
  EXPECT_THAT(error.message, HasSubstr("\"https://me:...@h/v1?...\""));
  EXPECT_THAT(error.message, Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace tinychat
