#include "tinychat/settings.h"

#include <gtest/gtest.h>

namespace tinychat {
namespace {

TEST(Settings, FindsAnEndpointByName) {
  Settings settings;
  settings.endpoints.push_back({"ollama", "http://localhost:11434/v1", "", "", {}});
  settings.endpoints.push_back({"work", "https://llm.example.com/v1", "", "", {}});
  ASSERT_NE(settings.find_endpoint("work"), nullptr);
  EXPECT_EQ(settings.find_endpoint("work")->base_url, "https://llm.example.com/v1");
  EXPECT_EQ(settings.find_endpoint("Work"), nullptr);
  EXPECT_EQ(settings.find_endpoint("openai"), nullptr);
}

}  // namespace
}  // namespace tinychat
