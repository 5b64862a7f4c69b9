#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "config_test_support.h"
#include "tinychat/settings.h"

namespace tinychat {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::read_file;
using testing::TempFolder;
using testing::write_file;

constexpr const char* kSecret = "sk-secret-4c1d";

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

Settings sample() {
  Settings s;
  s.default_provider = "anthropic";
  s.default_model = "claude-sonnet-4-5";
  s.temperature = 0.7;
  s.system_prompt = "Be terse.";
  s.ca_file = "/etc/company/ca.pem";
  s.retries = 4;
  s.providers["anthropic"].api_key = kSecret;
  s.providers["openai"].base_url = "http://localhost:8080/v1";
  s.endpoints.push_back({"ollama", "http://localhost:11434/v1", "", "", {"llama3.2", "qwen"}});
  s.endpoints.push_back({"work", "https://llm.example.com/v1", "", "WORK_KEY", {}});
  return s;
}

void expect_same(const Settings& a, const Settings& b) {
  EXPECT_EQ(a.default_provider, b.default_provider);
  EXPECT_EQ(a.default_model, b.default_model);
  EXPECT_EQ(a.temperature, b.temperature);
  EXPECT_EQ(a.system_prompt, b.system_prompt);
  EXPECT_EQ(a.ca_file, b.ca_file);
  EXPECT_EQ(a.retries, b.retries);
  ASSERT_EQ(a.providers.size(), b.providers.size());
  for (const auto& [name, p] : a.providers) {
    EXPECT_EQ(p.api_key, b.providers.at(name).api_key);
    EXPECT_EQ(p.base_url, b.providers.at(name).base_url);
  }
  ASSERT_EQ(a.endpoints.size(), b.endpoints.size());
  for (std::size_t i = 0; i < a.endpoints.size(); ++i) {
    EXPECT_EQ(a.endpoints[i].name, b.endpoints[i].name);
    EXPECT_EQ(a.endpoints[i].base_url, b.endpoints[i].base_url);
    EXPECT_EQ(a.endpoints[i].api_key_env, b.endpoints[i].api_key_env);
    EXPECT_EQ(a.endpoints[i].models, b.endpoints[i].models);
  }
}

TEST(SaveSettings, RoundTripsThroughLoad) {
  TempFolder folder;
  const auto path = folder.path() / "tinychat" / "config.json";
  ASSERT_FALSE(save_settings(path, sample()));
  Settings loaded;
  ASSERT_FALSE(load_settings(path, loaded));
  expect_same(loaded, sample());
}

TEST(SaveSettings, WritesMode0600InAFolderOf0700) {
  TempFolder folder;
  const auto path = folder.path() / "tinychat" / "config.json";
  ASSERT_FALSE(save_settings(path, sample()));
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(mode_of(path.parent_path()), 0700u);
}

TEST(SaveSettings, ReplacingAWorldReadableFileLeavesIt0600) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, "{}");
  ::chmod(path.c_str(), 0644);
  ASSERT_FALSE(save_settings(path, sample()));
  EXPECT_EQ(mode_of(path), 0600u);
}

TEST(SaveSettings, RefusesToOverwriteAMalformedFile) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  const std::string hand_edited = "{ \"temperature\": 0.5, // my note\n}";
  write_file(path, hand_edited);
  Error error = save_settings(path, sample());
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("not overwritten"));
  EXPECT_EQ(read_file(path), hand_edited);
}

TEST(SaveSettings, KeepsFieldsItDoesNotKnow) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, R"({"theme": "dark", "providers": {"openai": {"api_key": "old", "org": "x"}}})");
  Settings settings;
  settings.providers["openai"].api_key = "new";
  ASSERT_FALSE(save_settings(path, settings));
  const std::string text = read_file(path);
  EXPECT_THAT(text, HasSubstr("\"theme\": \"dark\""));
  EXPECT_THAT(text, HasSubstr("\"org\": \"x\""));
  EXPECT_THAT(text, HasSubstr("\"api_key\": \"new\""));
  EXPECT_EQ(text.back(), '\n');
}

TEST(SaveSettings, OmitsEmptyFields) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  Settings settings;
  settings.default_model = "gpt-4o";
  ASSERT_FALSE(save_settings(path, settings));
  EXPECT_EQ(read_file(path), "{\n  \"default_model\": \"gpt-4o\"\n}\n");
}

TEST(LoadSettings, MissingFileIsNotAnError) {
  TempFolder folder;
  Settings settings;
  settings.default_model = "kept";
  EXPECT_FALSE(load_settings(folder.path() / "none.json", settings));
  EXPECT_EQ(settings.default_model, "kept");
}

TEST(LoadSettings, ReportsLineAndColumnOfMalformedJson) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, "{\n  \"temperature\": 0.5,\n  \"default_model\" \"x\"\n}");
  Settings settings;
  settings.default_model = "untouched";
  Error error = load_settings(path, settings);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr(path.string()));
  EXPECT_THAT(error.message, HasSubstr("not valid JSON: line 3, column 21"));
  EXPECT_EQ(settings.default_model, "untouched");
}

struct BadField {
  const char* json;
  const char* message;
};

void PrintTo(const BadField& f, std::ostream* os) { *os << f.json; }

class LoadSettingsBadField : public ::testing::TestWithParam<BadField> {};

TEST_P(LoadSettingsBadField, NamesTheFieldAndNeverTheKey) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, GetParam().json);
  Settings settings;
  Error error = load_settings(path, settings);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr(GetParam().message));
  EXPECT_THAT(error.message, Not(HasSubstr(kSecret)));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, LoadSettingsBadField,
    ::testing::Values(
        BadField{R"({"temperature": "hot"})", "temperature must be a number from 0 to 2"},
        BadField{R"({"temperature": 3})", "temperature must be a number from 0 to 2"},
        BadField{R"({"providers": []})", "providers must be an object"},
        BadField{R"({"providers": {"openai": {"api_key": ["sk-secret-4c1d"]}}})",
                 "providers.openai.api_key must be a string"},
        BadField{R"({"providers": {"opneai": {"api_key": "sk-secret-4c1d"}}})",
                 "providers.opneai is not a known provider"},
        BadField{R"({"endpoints": [{"base_url": "http://x/v1"}]})",
                 "endpoints[0] needs a \"name\""},
        BadField{R"({"endpoints": [{"name": "x"}]})", "endpoints[0] needs a \"base_url\""},
        BadField{R"({"endpoints": [{"name": "x", "base_url": "u", "models": "m"}]})",
                 "endpoints[0].models must be a list of strings"},
        BadField{R"({"default_model": 5})", "default_model must be a string"},
        BadField{R"({"ca_file": ["/etc/ca.pem"]})", "ca_file must be a string"},
        BadField{R"({"retries": "3"})", "retries must be a whole number from 0 to 10"},
        BadField{R"({"retries": 2.5})", "retries must be a whole number from 0 to 10"},
        BadField{R"({"retries": 11})", "retries must be a whole number from 0 to 10"},
        BadField{R"({"retries": -1})", "retries must be a whole number from 0 to 10"},
        BadField{R"({"endpoints": {}})", "endpoints must be a list"},
        BadField{R"({"providers": {"openai": "sk-secret-4c1d"}})",
                 "providers.openai must be an object"},
        BadField{R"({"endpoints": [{"name": "w", "base_url": "u", "api_key": 7}]})",
                 "endpoints[0].api_key must be a string"},
        BadField{R"({"endpoints": [{"name": "openai", "base_url": "u"}]})",
                 "endpoints[0].name \"openai\" is a built-in provider's name"},
        BadField{
            R"({"endpoints": [{"name": "w", "base_url": "u"}, {"name": "w", "base_url": "v"}]})",
            "endpoints[1].name \"w\" is used by an earlier endpoint too"},
        BadField{R"({"temperature": -0.1})", "temperature must be a number from 0 to 2"},
        BadField{R"({"temperature": true})", "temperature must be a number from 0 to 2"},
        BadField{R"([1, 2])", "must hold a JSON object"}));

TEST(LoadSettings, ReadsEveryField) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, R"({
  "default_provider": "openai",
  "default_model": "gpt-4o",
  "temperature": 0.7,
  "system_prompt": "You are terse.",
  "ca_file": "/etc/company/ca.pem",
  "retries": 0,
  "providers": {
    "openai":    { "api_key": "sk-1", "base_url": "https://api.openai.com/v1" },
    "anthropic": { "api_key": "a-1" }
  },
  "endpoints": [
    { "name": "ollama", "base_url": "http://localhost:11434/v1", "models": ["llama3.2"] },
    { "name": "work", "base_url": "https://llm.example.com/v1", "api_key_env": "WORK_LLM_KEY",
      "models": ["big"] }
  ]
})");
  Settings s;
  ASSERT_FALSE(load_settings(path, s));
  EXPECT_EQ(s.default_provider, "openai");
  EXPECT_EQ(s.default_model, "gpt-4o");
  EXPECT_EQ(s.temperature, 0.7);
  EXPECT_EQ(s.system_prompt, "You are terse.");
  EXPECT_EQ(s.ca_file, "/etc/company/ca.pem");
  EXPECT_EQ(s.retries, 0);
  EXPECT_EQ(s.providers.at("openai").api_key, "sk-1");
  EXPECT_EQ(s.providers.at("openai").base_url, "https://api.openai.com/v1");
  EXPECT_EQ(s.providers.at("anthropic").api_key, "a-1");
  ASSERT_EQ(s.endpoints.size(), 2u);
  EXPECT_EQ(s.endpoints[1].name, "work");
  EXPECT_EQ(s.endpoints[1].api_key_env, "WORK_LLM_KEY");
  EXPECT_EQ(s.endpoints[1].models, std::vector<std::string>{"big"});
}

TEST(LoadSettings, IgnoresFieldsItDoesNotKnow) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, R"({"theme": {"dark": true}, "default_model": "gpt-4o", "version": 9})");
  Settings s;
  EXPECT_FALSE(load_settings(path, s));
  EXPECT_EQ(s.default_model, "gpt-4o");
}

TEST(LoadSettings, UnreadableFileGivesTheReason) {
  TempFolder folder;
  // A folder where the file should be: unreadable even for root, which ignores chmod 000.
  std::filesystem::create_directories(folder.path() / "config.json");
  Settings s;
  Error error = load_settings(folder.path() / "config.json", s);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("cannot be read: Is a directory"));
}

TEST(LoadSettings, ReportsLineAndColumnAtTheEndOfTheFile) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, "{\n  \"a\": 1");
  Settings s;
  Error error = load_settings(path, s);
  EXPECT_THAT(error.message, HasSubstr("not valid JSON: line 2, column 9: "));
  EXPECT_THAT(error.message, HasSubstr("unexpected end of input"));
}

TEST(LoadSettings, CountsColumnsInCharactersNotBytes) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, "{\"system_prompt\": \"h\xC3\xA9llo\" x}");
  Settings s;
  EXPECT_THAT(load_settings(path, s).message, HasSubstr("line 1, column 27"));
}

TEST(LoadSettings, MalformedJsonNeverQuotesAKey) {
  // nlohmann appends "last read: '<token>'" to some errors; here the token is the key itself.
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, std::string("{\"providers\": {\"openai\": {\"api_key\": \"") + kSecret + "\n");
  Settings s;
  Error error = load_settings(path, s);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("not valid JSON: line 1"));
  EXPECT_THAT(error.message, Not(HasSubstr(kSecret)));
  EXPECT_THAT(error.message, Not(HasSubstr("4c1d")));
}

TEST(LoadSettings, HintsAtWhatHandEditsGetWrong) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  Settings s;
  write_file(path, "{\n  \"default_model\": \"gpt-4o\", // mine\n}");
  EXPECT_THAT(load_settings(path, s).message, HasSubstr("(JSON allows no comments)"));
  write_file(path, "{\"endpoints\": [],\n}");
  EXPECT_THAT(load_settings(path, s).message,
              HasSubstr("line 2, column 1: syntax error while parsing object key - unexpected "
                        "'}'; expected string literal (JSON allows no comma before a closing "
                        "bracket)"));
  write_file(path, "{'default_model': 'x'}");
  EXPECT_THAT(load_settings(path, s).message, HasSubstr("(JSON strings take double quotes)"));
}

TEST(SaveSettings, CreatesTheFileWhenThereIsNone) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  ASSERT_FALSE(save_settings(path, sample()));
  EXPECT_EQ(read_file(path), R"({
  "default_provider": "anthropic",
  "default_model": "claude-sonnet-4-5",
  "temperature": 0.7,
  "system_prompt": "Be terse.",
  "ca_file": "/etc/company/ca.pem",
  "retries": 4,
  "providers": {
    "anthropic": {
      "api_key": "sk-secret-4c1d"
    },
    "openai": {
      "base_url": "http://localhost:8080/v1"
    }
  },
  "endpoints": [
    {
      "name": "ollama",
      "base_url": "http://localhost:11434/v1",
      "models": [
        "llama3.2",
        "qwen"
      ]
    },
    {
      "name": "work",
      "base_url": "https://llm.example.com/v1",
      "api_key_env": "WORK_KEY"
    }
  ]
}
)");
}

TEST(SaveSettings, LeavesNoTemporaryFileBehind) {
  TempFolder folder;
  ASSERT_FALSE(save_settings(folder.path() / "config.json", sample()));
  ASSERT_FALSE(save_settings(folder.path() / "config.json", sample()));
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder.path()))
    names.push_back(entry.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"config.json"});
}

TEST(SaveSettings, KeyRemovedFromSettingsLeavesTheFile) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path,
             R"({"providers": {"anthropic": {"api_key": "old-key"}, "openai": {"org": "x"}}})");
  Settings none;
  ASSERT_FALSE(save_settings(path, none));
  EXPECT_EQ(read_file(path),
            "{\n  \"providers\": {\n    \"openai\": {\n      \"org\": \"x\"\n    }\n  }\n}\n");
}

TEST(SaveSettings, KeepsTheFieldsOfAnEndpointItDoesNotKnow) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, R"({"endpoints": [{"name": "work", "base_url": "u", "headers": {"X-Team": "a"}},
                                    {"name": "gone", "base_url": "v"}]})");
  Settings settings;
  settings.endpoints.push_back({"work", "https://new/v1", "", "", {"big"}});
  ASSERT_FALSE(save_settings(path, settings));
  const std::string text = read_file(path);
  EXPECT_THAT(text, HasSubstr("\"X-Team\": \"a\""));
  EXPECT_THAT(text, HasSubstr("\"base_url\": \"https://new/v1\""));
  EXPECT_THAT(text, Not(HasSubstr("gone")));
}

TEST(SaveSettings, KeepsTheOrderTheUserWroteFieldsIn) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, R"({"zeta": 1, "default_model": "a", "alpha": 2})");
  Settings settings;
  settings.default_model = "b";
  settings.default_provider = "openai";
  ASSERT_FALSE(save_settings(path, settings));
  EXPECT_EQ(read_file(path),
            "{\n  \"zeta\": 1,\n  \"default_model\": \"b\",\n  \"alpha\": 2,\n"
            "  \"default_provider\": \"openai\"\n}\n");
}

TEST(SaveSettings, WritesThroughASymbolicLink) {
  TempFolder folder;
  const auto real = folder.path() / "dotfiles" / "tinychat.json";
  const auto link = folder.path() / "config.json";
  write_file(real, "{}");
  std::filesystem::create_symlink(real, link);
  ASSERT_FALSE(save_settings(link, sample()));
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_THAT(read_file(real), HasSubstr("claude-sonnet-4-5"));
  EXPECT_EQ(mode_of(real), 0600u);
}

TEST(SaveSettings, RefusesAFileThatIsNotAnObject) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, "[\"mine\"]\n");
  Error error = save_settings(path, sample());
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_EQ(read_file(path), "[\"mine\"]\n");
}

TEST(SaveSettings, RefusesAFileWithAProviderItDoesNotKnow) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  const std::string text = R"({"providers": {"opneai": {"api_key": "sk-secret-4c1d"}}})";
  write_file(path, text);
  Error error = save_settings(path, sample());
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("providers.opneai is not a known provider"));
  EXPECT_THAT(error.message, Not(HasSubstr(kSecret)));
  EXPECT_EQ(read_file(path), text);
}

TEST(SaveSettings, RefusesSettingsItCouldNotLoadBack) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  Settings hot = sample();
  hot.temperature = 5;
  Error error = save_settings(path, hot);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message, HasSubstr("temperature must be a number from 0 to 2"));
  Settings unnamed = sample();
  unnamed.endpoints[0].name.clear();
  EXPECT_THAT(save_settings(path, unnamed).message, HasSubstr("endpoints[0] needs a \"name\""));
  Settings unknown = sample();
  unknown.providers["opneai"].api_key = kSecret;
  EXPECT_THAT(save_settings(path, unknown).message, Not(HasSubstr(kSecret)));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(SaveSettings, InvalidUtf8IsAnErrorNotAnException) {
  TempFolder folder;
  Settings settings;
  settings.system_prompt = "bad \xFF byte";
  Error error = save_settings(folder.path() / "config.json", settings);
  EXPECT_EQ(error.code, ErrorCode::invalid_argument);
  EXPECT_THAT(error.message, HasSubstr("not valid UTF-8"));
}

TEST(SaveSettings, MessagesNeverHoldTheKey) {
  TempFolder folder;
  const auto path = folder.path() / "config.json";
  write_file(path, std::string("{\"providers\": {\"openai\": {\"api_key\": \"") + kSecret + "\"");
  Error error = save_settings(path, sample());
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, Not(HasSubstr(kSecret)));
}

}  // namespace
}  // namespace tinychat
