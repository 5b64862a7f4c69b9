#include "tinychat/expected.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

namespace tinychat {
namespace {

TEST(ExpectedTest, HoldsAValue) {
  Expected<std::string> text = std::string("hello");
  ASSERT_TRUE(text);
  EXPECT_TRUE(text.has_value());
  EXPECT_EQ(*text, "hello");
  EXPECT_EQ(text->size(), 5u);
  EXPECT_THROW((void)text.error(), std::bad_variant_access);
}

TEST(ExpectedTest, HoldsAnError) {
  Expected<std::string> text = Error(ErrorCode::missing_key, "set OPENAI_API_KEY");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::missing_key);
  EXPECT_EQ(text.error().message, "set OPENAI_API_KEY");
  EXPECT_THROW((void)text.value(), std::bad_variant_access);
}

TEST(ExpectedTest, MovesAMoveOnlyValueOut) {
  Expected<std::unique_ptr<int>> number = std::make_unique<int>(7);
  std::unique_ptr<int> taken = std::move(number).value();
  EXPECT_EQ(*taken, 7);
}

}  // namespace
}  // namespace tinychat
