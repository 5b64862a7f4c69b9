#include "terminal_markdown/markdown_renderer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "terminal_markdown/display_width.h"
#include "terminal_markdown/table_layout.h"
#include "terminal_markdown_test_support.h"

namespace tinychat::terminal_markdown {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string rendered_bytes(std::string_view markdown, int columns) {
  std::vector<RenderedLine> lines;
  render_markdown(markdown, columns, lines);
  std::string bytes;
  for (const RenderedLine& line : lines) bytes += line.bytes + "\n";
  return bytes;
}

TEST(MarkdownRenderer, ShowsEmphasisWithoutItsMarkers) {
  EXPECT_THAT(render_plain("Some **bold**, *italic* and `code`.\n", 80),
              ElementsAre("Some bold, italic and code."));
  const std::string bytes = rendered_bytes("**bold**\n", 80);
  EXPECT_THAT(bytes, HasSubstr("\x1b[1mbold\x1b[0m"));
}

TEST(MarkdownRenderer, WrapsParagraphsAtSpacesToTheWidth) {
  EXPECT_THAT(render_plain("one two three four five six\n", 10),
              ElementsAre("one two", "three four", "five six"));
}

TEST(MarkdownRenderer, WrapsWideCharactersByDisplayWidth) {
  // Each of these takes two columns: five fit in ten.
  EXPECT_THAT(render_plain("中文中文中文中文\n", 10), ElementsAre("中文中文中", "文中文"));
}

TEST(MarkdownRenderer, ListsHaveHangingIndents) {
  EXPECT_THAT(render_plain("- one two three four\n- b\n  1. nested\n", 12),
              ElementsAre("• one two", "  three four", "• b", "  1. nested"));
}

TEST(MarkdownRenderer, AListAfterAParagraphFollowsABlankLineItsNestedListsDoNot) {
  EXPECT_THAT(render_plain("Para\n\n- a\n  - b\n- c\n", 20),
              ElementsAre("Para", "", "• a", "  ◦ b", "• c"));
}

TEST(MarkdownRenderer, CodeInAListItemIsIndentedWithIt) {
  EXPECT_THAT(render_plain("1. Run:\n\n   ```sh\n   make\n   ```\n", 20),
              ElementsAre("1. Run:", "", "   sh", "   make"));
}

TEST(MarkdownRenderer, NumberedListsKeepTheirStart) {
  EXPECT_THAT(render_plain("3. c\n4. d\n", 20), ElementsAre("3. c", "4. d"));
}

TEST(MarkdownRenderer, BlocksAreSeparatedByABlankLine) {
  EXPECT_THAT(render_plain("# Title\n\nText\n\n> quoted\n", 20),
              ElementsAre("Title", "", "Text", "", "│ quoted"));
}

TEST(MarkdownRenderer, HttpLinksBecomeHyperlinksOtherLinksShowTheirAddress) {
  const std::string web = rendered_bytes("[site](https://example.com/x)\n", 80);
  EXPECT_THAT(web, HasSubstr("\x1b]8;;https://example.com/x\x1b\\"));
  EXPECT_THAT(render_plain("[site](https://example.com/x)\n", 80), ElementsAre("site"));
  const std::string file = rendered_bytes("[notes](file:///etc/passwd)\n", 80);
  EXPECT_THAT(file, Not(HasSubstr("\x1b]8")));
  EXPECT_THAT(render_plain("[notes](file:///etc/passwd)\n", 80),
              ElementsAre("notes [file:///etc/passwd]"));
  EXPECT_THAT(render_plain("[js](javascript:alert(1))\n", 80),
              ElementsAre("js [javascript:alert(1)]"));
}

TEST(MarkdownRenderer, AnAddressThatCouldEndTheEscapeIsNoHyperlink) {
  EXPECT_TRUE(hyperlink_target("https://a.example/\x1b\\x").empty());
  EXPECT_TRUE(hyperlink_target("https://a.example/\x07").empty());
  EXPECT_EQ(hyperlink_target("https://a.example/ok?q=1"), "https://a.example/ok?q=1");
}

TEST(MarkdownRenderer, EntitiesThatNameControlsBecomeReplacementCharacters) {
  EXPECT_THAT(render_plain("a &#27;[31m b &amp; c\n", 80), ElementsAre("a \uFFFD[31m b & c"));
  EXPECT_THAT(rendered_bytes("a &#27;[31m\n", 80), Not(HasSubstr("\x1b[31m")));
}

TEST(MarkdownRenderer, TablesAreDrawnInBoxCharactersWithinTheWidth) {
  const std::string table =
      "| Name | Description |\n|---|---|\n| a | a long description that must wrap inside its "
      "cell |\n";
  const auto lines = render_plain(table, 30);
  ASSERT_GE(lines.size(), 6u);
  EXPECT_EQ(lines.front().substr(0, 3), "┌");
  EXPECT_EQ(lines.back().substr(0, 3), "└");
  for (const std::string& line : lines) EXPECT_LE(display_width(line), 30) << line;
  EXPECT_THAT(lines[1], HasSubstr("Name"));
  EXPECT_EQ(lines[2].substr(0, 3), "├");
}

TEST(MarkdownRenderer, ATableTooWideForTheTerminalBecomesRecords) {
  const std::string table =
      "| Provider | Format | Usage | Notes |\n|---|---|---|---|\n| OpenAI | SSE | last | cached "
      "|\n| Cohere | NDJSON | end | billed |\n";
  EXPECT_THAT(render_plain(table, 16),
              ElementsAre("Provider: OpenAI", "Format: SSE", "Usage: last", "Notes: cached",
                          "────────────────", "Provider: Cohere", "Format: NDJSON", "Usage: end",
                          "Notes: billed"));
}

TEST(MarkdownRenderer, TableColumnsGetWhatTheyNeedAndShareTheRest) {
  EXPECT_THAT(fit_columns({3, 10}, {3, 4}, 20), ElementsAre(3, 10));
  EXPECT_THAT(fit_columns({3, 30}, {3, 4}, 20), ElementsAre(3, 17));
  EXPECT_THAT(fit_columns({20, 20}, {20, 20}, 10), ElementsAre(5, 5));
  EXPECT_THAT(fit_columns({0, 5}, {0, 5}, 5), ElementsAre(2, 3));
}

TEST(MarkdownRenderer, CodeIsNeverWrappedAndTabsBecomeSpaces) {
  std::vector<RenderedLine> lines;
  render_code_line("\tint x = 0; // a long line that is longer than twenty columns", 20, lines);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0].bytes, HasSubstr("        int x = 0; // a long line"));
  EXPECT_EQ(lines[0].rows, 4);  // the terminal's own soft wrap: 68 columns on rows of 20
}

TEST(MarkdownRenderer, CodeBlocksNameTheirLanguage) {
  std::vector<RenderedLine> lines;
  render_code_start("python title=x.py", 40, lines);
  EXPECT_THAT(plain_lines(lines), ElementsAre("python"));
}

TEST(MarkdownRenderer, RowsCountAWideCharacterThatMovesToTheNextRow) {
  std::vector<RenderedLine> lines;
  render_code_line("abcd中", 5, lines);  // 中 does not fit in column 5: it starts row 2
  EXPECT_EQ(lines[0].rows, 2);
}

}  // namespace
}  // namespace tinychat::terminal_markdown
