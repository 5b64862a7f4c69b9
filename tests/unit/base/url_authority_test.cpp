#include "base/url_authority.h"

#include <gtest/gtest.h>

namespace tinychat {
namespace {

TEST(UrlAuthority, SplitsUserInfoFromHostAtTheLastAt) {
  const UrlAuthority parts = url_authority("http://me:p@ss@127.0.0.1:8080/v1?key=a@b#x");
  EXPECT_TRUE(parts.has_user_info);
  EXPECT_EQ(parts.user_info, "me:p@ss");
  EXPECT_EQ(parts.host_port, "127.0.0.1:8080");
}

TEST(UrlAuthority, WithoutUserInfoOrScheme) {
  EXPECT_FALSE(url_authority("https://api.openai.com/v1").has_user_info);
  EXPECT_EQ(url_authority("https://api.openai.com/v1").host_port, "api.openai.com");
  EXPECT_EQ(url_authority("https://host?q=a@b").host_port, "host");
  EXPECT_EQ(url_authority("localhost:8080/v1").host_port, "");
}

TEST(UrlHost, LowerCasedWithoutPortOrUserInfo) {
  EXPECT_EQ(url_host("https://u:p@API.OpenAI.com:443/v1"), "api.openai.com");
  EXPECT_EQ(url_host("http://127.0.0.1/v1"), "127.0.0.1");
}

}  // namespace
}  // namespace tinychat
