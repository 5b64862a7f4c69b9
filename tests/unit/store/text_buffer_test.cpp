#include "store/text_buffer.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace tinychat::store {
namespace {

TEST(TextBuffer, KeepsEveryPieceInOrderAcrossItsGrowth) {
  TextBuffer buffer;
  std::string expected;
  // Small pieces past the first allocation and a large one past several doublings at once.
  for (int i = 0; i < 20'000; ++i) {
    const std::string piece = "tok" + std::to_string(i) + " ";
    buffer.append(piece);
    expected += piece;
  }
  // Past the point where it moves to pages of its own, then growing there.
  for (const std::size_t size : {std::size_t{3} << 20, std::size_t{2} << 20}) {
    const std::string large(size, static_cast<char>('a' + size % 26));
    buffer.append(large);
    expected += large;
  }
  buffer.append("");
  EXPECT_EQ(buffer.size(), expected.size());
  EXPECT_TRUE(buffer.view() == expected);
}

TEST(TextBuffer, MovingOrSwappingHandsTheTextOverAndLeavesNothingBehind) {
  TextBuffer first;
  first.append("answer so far");
  TextBuffer taken;
  taken.swap(first);
  EXPECT_TRUE(first.empty());
  EXPECT_EQ(taken.view(), "answer so far");
  TextBuffer moved(std::move(taken));
  EXPECT_EQ(moved.view(), "answer so far");
  EXPECT_TRUE(taken.empty());
  // A buffer moved from or cleared takes new text as a new one does.
  taken.append("more");
  EXPECT_EQ(taken.view(), "more");
  moved.clear();
  EXPECT_TRUE(moved.empty());
  EXPECT_EQ(moved.view(), "");
}

}  // namespace
}  // namespace tinychat::store
