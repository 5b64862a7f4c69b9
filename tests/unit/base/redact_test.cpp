#include "base/redact.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/message_text.h"

namespace tinychat {
namespace {

using ::testing::ElementsAre;

TEST(Redact, ReplacesEveryOccurrence) {
  EXPECT_EQ(redact("a sk-12345678 b sk-12345678", "sk-12345678"), "a [redacted] b [redacted]");
}

TEST(Redact, ShortKeyIsNeverARedactionPattern) {
  // A three-letter "key" used to turn "redacted" into "[red[redacted]cted]".
  EXPECT_EQ(redact("redirected to the red door", "red"), "redirected to the red door");
  EXPECT_EQ(redact("key 1234567 here", "1234567"), "key 1234567 here");
  EXPECT_EQ(redact("key 12345678 here", "12345678"), "key [redacted] here");
}

TEST(RedactAll, MasksTheStartOfASecretThatATruncatedTextEndsWith) {
  const std::string_view key = "sk-abcdefghijklmnop";
  const std::vector<std::string_view> secrets{key};
  EXPECT_EQ(redact_all("body cut at sk-abcdefghij", secrets), "body cut at [redacted]");
  // Shorter starts are ordinary text ("sk-ab" is not a key).
  EXPECT_EQ(redact_all("ends with sk-ab", secrets), "ends with sk-ab");
}

TEST(UrlCredentials, GivesThePasswordThePairAndTheBasicTokenCurlSends) {
  EXPECT_THAT(url_credentials("http://user:pass%40word@127.0.0.1:8080/v1"),
              ElementsAre("user:pass@word", "dXNlcjpwYXNzQHdvcmQ=", "pass@word"));
  EXPECT_TRUE(url_credentials("https://api.openai.com/v1").empty());
  EXPECT_TRUE(url_credentials("https://host/v1?email=a@b").empty());
}

TEST(CutMessage, CutsOnACharacterBoundary) {
  EXPECT_EQ(cut_message("short", 10), "short");
  EXPECT_EQ(cut_message("héllo", 2), "h...");  // é is two bytes: not split
  EXPECT_EQ(cut_message("abcdef", 3), "abc...");
}

TEST(FoldWhitespace, MakesOneLine) {
  EXPECT_EQ(fold_whitespace("  <html>\n  <body>\r\n\tError </body> "),
            "<html> <body> Error </body>");
}

}  // namespace
}  // namespace tinychat
