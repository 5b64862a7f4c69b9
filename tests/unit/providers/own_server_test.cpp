#include <gtest/gtest.h>

#include "tinychat/provider_registry.h"

namespace tinychat {
namespace {

TEST(IsOwnServer, AProvidersDefaultBaseUrlIsItsService) {
  EXPECT_FALSE(is_own_server("openai", "https://api.openai.com/v1"));
  EXPECT_FALSE(is_own_server("openai", "https://api.openai.com/v1//"));  // slashes ignored
  EXPECT_FALSE(is_own_server("anthropic", "https://api.anthropic.com/v1"));
}

TEST(IsOwnServer, AnyOtherBaseUrlOrAnEndpointIsTheUsersOwn) {
  EXPECT_TRUE(is_own_server("openai", "http://localhost:11434/v1"));
  EXPECT_TRUE(is_own_server("openai", "https://api.anthropic.com/v1"));
  EXPECT_TRUE(is_own_server("ollama", "http://localhost:11434/v1"));  // a configured endpoint
}

}  // namespace
}  // namespace tinychat
