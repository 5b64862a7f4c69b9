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
        BadField{R"([1, 2])", "must hold a JSON object"}));

TEST(DefaultConfigPath, PrefersXdgConfigHome) {
  EXPECT_EQ(
      default_config_path(testing::fake_environment({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})),
      "/x/tinychat/config.json");
  EXPECT_EQ(default_config_path(testing::fake_environment({{"HOME", "/h"}})),
            "/h/.config/tinychat/config.json");
}

}  // namespace
}  // namespace tinychat
