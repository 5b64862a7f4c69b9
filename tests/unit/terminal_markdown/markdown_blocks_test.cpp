#include "terminal_markdown/markdown_blocks.h"

#include <gtest/gtest.h>

namespace tinychat::terminal_markdown {
namespace {

using Kind = MarkdownPart::Kind;

std::vector<MarkdownPart> split(std::string_view text, bool finish) {
  MarkdownBlocks blocks;
  std::vector<MarkdownPart> parts;
  blocks.append(text, parts);
  if (finish) blocks.finish(parts);
  return parts;
}

TEST(MarkdownBlocks, AParagraphIsFinalOnceALineAfterABlankLineCannotContinueIt) {
  EXPECT_TRUE(split("One paragraph\nstill the same\n\n", false).empty());
  const auto parts = split("One paragraph\n\nT", false);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0], (MarkdownPart{Kind::markdown, "One paragraph\n\n"}));
}

TEST(MarkdownBlocks, AListStaysOneBlockAcrossBlankLinesBetweenItems) {
  EXPECT_TRUE(split("- one\n\n- two\n\n  more of two\n", false).empty());
}

// "text" right after "- x" is a lazy continuation line of the item's paragraph, even with a blank
// line before the list: it was split off as a paragraph of its own, and rendered as one.
TEST(MarkdownBlocks, AnUnindentedLineRightAfterAListItemStaysInTheItem) {
  EXPECT_TRUE(split("Para\n\n- x\nt", false).empty());
  const auto parts = split("Para\n\n- x\ntext\n\nNext\n", true);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], (MarkdownPart{Kind::markdown, "Para\n\n- x\ntext\n\n"}));
  EXPECT_EQ(parts[1], (MarkdownPart{Kind::markdown, "Next\n"}));
}

TEST(MarkdownBlocks, AHeadingIsFinalAtItsNewline) {
  const auto parts = split("# Title\nText", false);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].text, "# Title\n");
}

TEST(MarkdownBlocks, FencedCodeIsFinalLineByLine) {
  MarkdownBlocks blocks;
  std::vector<MarkdownPart> parts;
  blocks.append("Text\n```cpp\nint x;\nint y", parts);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], (MarkdownPart{Kind::markdown, "Text\n"}));
  EXPECT_EQ(parts[1], (MarkdownPart{Kind::code_start, "cpp"}));
  EXPECT_EQ(parts[2], (MarkdownPart{Kind::code_line, "int x;"}));
  EXPECT_TRUE(blocks.in_code());
  EXPECT_EQ(blocks.tail(), "int y");
  parts.clear();
  blocks.append(";\n```\n", parts);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], (MarkdownPart{Kind::code_line, "int y;"}));
  EXPECT_EQ(parts[1].kind, Kind::code_end);
}

TEST(MarkdownBlocks, AFenceIndentedUnderAListItemStaysWithTheList) {
  const auto parts = split("1. Run:\n   ```\n   make\n   ```\n", true);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].kind, Kind::markdown);
}

TEST(MarkdownBlocks, FinishClosesAnOpenFenceAndTheLastBlock) {
  const auto parts = split("```\ncode", true);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], (MarkdownPart{Kind::code_line, "code"}));
  EXPECT_EQ(parts[2].kind, Kind::code_end);
}

TEST(MarkdownBlocks, PiecesOfAnySizeSplitTheSameWay) {
  const std::string text =
      "# H\nPara one\nline two\n\n- a\n- b\n\n  c\n\nNext\n```\nx\n```\n| a | b |\n|---|---|\n| 1 "
      "| 2 |\n\nEnd";
  const auto whole = split(text, true);
  for (std::size_t size = 1; size < 9; ++size) {
    MarkdownBlocks blocks;
    std::vector<MarkdownPart> parts;
    for (std::size_t at = 0; at < text.size(); at += size)
      blocks.append(text.substr(at, size), parts);
    blocks.finish(parts);
    EXPECT_EQ(parts, whole) << "pieces of " << size;
  }
}

// Only a list item holds an indented fence. After a paragraph, a quote, or a list item whose
// content begins further right, the fence is code of its own: were it kept in the block, a
// blank line in its code followed by an unindented line would cut it in two.
TEST(MarkdownBlocks, AFenceIndentedOutsideAListItemIsCodeOfItsOwn) {
  for (const std::string intro : {"Build it:\n\n", "10. Build it:\n", "- a\n> Build it:\n"}) {
    const auto parts = split(intro + "  ```sh\nmake\n\nmake install\n  ```\nDone.\n", true);
    ASSERT_EQ(parts.size(), 7u) << intro;
    EXPECT_EQ(parts[0], (MarkdownPart{Kind::markdown, intro}));
    EXPECT_EQ(parts[1], (MarkdownPart{Kind::code_start, "sh"}));
    EXPECT_EQ(parts[2], (MarkdownPart{Kind::code_line, "make"}));
    EXPECT_EQ(parts[3], (MarkdownPart{Kind::code_line, ""}));
    EXPECT_EQ(parts[4], (MarkdownPart{Kind::code_line, "make install"}));
    EXPECT_EQ(parts[5].kind, Kind::code_end);
    EXPECT_EQ(parts[6], (MarkdownPart{Kind::markdown, "Done.\n"}));
  }
}

TEST(MarkdownBlocks, AFenceUnderANestedOrLaterItemStaysWithTheList) {
  const auto parts = split("- a\n  - b\n    more\n\n- c\n  ```\n  x\n\n  y\n  ```\n- d\n", true);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].kind, Kind::markdown);
}

}  // namespace
}  // namespace tinychat::terminal_markdown
