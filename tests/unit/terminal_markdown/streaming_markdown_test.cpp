#include "terminal_markdown/streaming_markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "terminal_markdown/markdown_renderer.h"
#include "terminal_markdown_test_support.h"

namespace tinychat::terminal_markdown {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct GoldenCase {
  std::string answer;
  int columns;
  std::size_t piece;
};

std::string case_name(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.answer.substr(0, info.param.answer.find('.'));
  return name + "_" + std::to_string(info.param.columns) + "_columns_pieces_of_" +
         std::to_string(info.param.piece);
}

class StreamedAnswer : public ::testing::TestWithParam<GoldenCase> {};

// The screen (and what scrolled off it) after streaming the answer in small pieces is exactly
// the screen after writing it in one piece: nothing duplicated, torn or left over.
TEST_P(StreamedAnswer, GivesTheScreenOfTheWholeAnswer) {
  const GoldenCase& c = GetParam();
  const std::string answer = recorded_answer(c.answer);
  ASSERT_FALSE(answer.empty());
  const TerminalSize size{c.columns, 24};
  const StreamedScreen whole = stream_into_terminal({answer}, size);
  const StreamedScreen streamed = stream_into_terminal(pieces_of(answer, c.piece), size);
  EXPECT_EQ(testing::joined(streamed.transcript), testing::joined(whole.transcript));
  // Each final line is written once, however the answer arrived.
  EXPECT_EQ(streamed.final_lines, whole.final_lines);
  EXPECT_GT(streamed.tail_draws, 0u);
}

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;
  for (const char* answer :
       {"headings_lists.md", "wide_table.md", "code_long_lines.md", "cjk_emoji.md"}) {
    for (int columns : {40, 100}) {
      for (std::size_t piece : {1u, 3u, 7u}) cases.push_back({answer, columns, piece});
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(RecordedAnswers, StreamedAnswer, ::testing::ValuesIn(golden_cases()),
                         case_name);

// Text and tables are wrapped by us to the width: the terminal never hard-wraps them.
TEST(StreamingMarkdown, TextAndTablesFitTheWidth) {
  for (const char* name : {"headings_lists.md", "wide_table.md", "cjk_emoji.md"}) {
    for (int columns : {20, 40, 100}) {
      std::vector<RenderedLine> lines;
      render_markdown(recorded_answer(name), columns, lines);
      for (const RenderedLine& line : lines) {
        EXPECT_EQ(line.rows, 1) << name << " " << columns << ": " << line.bytes;
        EXPECT_LE(line.width, columns) << name << " " << columns << ": " << line.bytes;
      }
    }
  }
}

TEST(StreamingMarkdown, RendersTheRecordedAnswerReadably) {
  const StreamedScreen screen =
      stream_into_terminal({recorded_answer("headings_lists.md")}, {100, 24});
  const std::string text = testing::joined(screen.transcript);
  EXPECT_THAT(text, HasSubstr("Setting up the build\n"));
  EXPECT_THAT(text, Not(HasSubstr("**")));
  EXPECT_THAT(text, HasSubstr("1. Configure the project:\n   • pick a generator"));
  EXPECT_THAT(text, HasSubstr("\n     ◦ Debug while working"));
  EXPECT_THAT(text, HasSubstr("the wiki [wiki/Build.md]"));
  EXPECT_THAT(text, HasSubstr("☑ compiler installed"));
  EXPECT_THAT(text, HasSubstr("│ A block quote"));
  EXPECT_THAT(text, HasSubstr("────────"));
}

TEST(StreamingMarkdown, ControlSequencesFromTheModelAreShownNotObeyed) {
  std::string bytes;
  StreamingMarkdown markdown({80, 24}, [&](std::string_view b) { bytes.append(b); });
  markdown.append("Hi \x1b]52;c;ZXZpbA==\x07 there \x1b[2J\n\n```\n\x1b[31mred\n```\n");
  markdown.finish();
  EXPECT_THAT(bytes, Not(HasSubstr("\x1b]52")));
  EXPECT_THAT(bytes, Not(HasSubstr("\x1b[2J")));
  EXPECT_THAT(bytes, Not(HasSubstr("\x1b[31m")));
  EXPECT_THAT(bytes, HasSubstr("^[[31mred"));
}

TEST(StreamingMarkdown, AUtf8SequenceSplitAcrossPiecesStaysOneCharacter) {
  testing::VirtualTerminal terminal(20, 5);
  StreamingMarkdown markdown({20, 5}, [&](std::string_view b) { terminal.write(b); });
  const std::string text = "中";
  markdown.append(text.substr(0, 1));
  markdown.draw_tail();
  markdown.append(text.substr(1));
  markdown.finish();
  EXPECT_EQ(terminal.transcript(), std::vector<std::string>{"中"});
}

// A tail taller than the screen cannot be erased once its top scrolled off: only its last rows
// are drawn, and the block is written whole once final.
TEST(StreamingMarkdown, ATailTallerThanTheScreenIsNeverTorn) {
  std::string answer;
  for (int i = 0; i < 40; ++i) answer += "- item number " + std::to_string(i) + "\n";
  answer += "\nEnd.\n";
  const TerminalSize size{30, 8};
  const StreamedScreen whole = stream_into_terminal({answer}, size);
  const StreamedScreen streamed = stream_into_terminal(pieces_of(answer, 2), size);
  EXPECT_EQ(testing::joined(streamed.transcript), testing::joined(whole.transcript));
}

// The 20,000-token answer: every line that scrolls off is final, in order, and each final line
// is written once; the tail alone was redrawn.
TEST(StreamingMarkdown, ALongAnswerRendersWithNoRedrawOfAFinishedBlock) {
  std::string answer;
  const std::string parts[] = {
      recorded_answer("headings_lists.md"), recorded_answer("wide_table.md"),
      recorded_answer("code_long_lines.md"), recorded_answer("cjk_emoji.md")};
  // About 20,000 tokens: 4 characters each.
  for (int i = 0; answer.size() < 80'000; ++i) answer += parts[i % 4] + "\n";
  const TerminalSize size{80, 24};
  const StreamedScreen whole = stream_into_terminal({answer}, size);
  const StreamedScreen streamed = stream_into_terminal(pieces_of(answer, 4), size);
  EXPECT_EQ(testing::joined(streamed.transcript), testing::joined(whole.transcript));
  EXPECT_EQ(streamed.final_lines, whole.final_lines);
  EXPECT_GT(streamed.tail_draws, 1000u);
  // Erasing goes back at most over the rows of the tail drawn since the last final line.
  std::size_t at = 0;
  while ((at = streamed.bytes.find("\r\x1b[", at)) != std::string::npos) {
    at += 3;
    EXPECT_LE(std::stoi(streamed.bytes.substr(at)), size.rows - 1);
  }
}

TEST(StreamingMarkdown, AResizeAppliesToWhatIsNotWrittenYetAndDuplicatesNothing) {
  const std::string answer = recorded_answer("headings_lists.md");
  testing::VirtualTerminal terminal(40, 24);
  StreamingMarkdown markdown({40, 24}, [&](std::string_view b) { terminal.write(b); });
  const auto pieces = pieces_of(answer, 5);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i == pieces.size() / 2) {
      terminal.resize(100, 24);
      markdown.resize({100, 24});
    }
    markdown.append(pieces[i]);
    markdown.draw_tail();
  }
  markdown.finish();
  const std::string text = testing::joined(terminal.transcript());
  for (const char* once : {"Setting up the build", "Steps", "Checklist", "line break."}) {
    const std::size_t first = text.find(once);
    ASSERT_NE(first, std::string::npos) << once;
    EXPECT_EQ(text.find(once, first + 1), std::string::npos) << once << " twice in\n" << text;
  }
  // The last paragraph was written after the resize: at the new width, on one line.
  EXPECT_THAT(text, HasSubstr("Visit https://example.com/a/very/long/path/that/does/not/fit or "
                              "mail someone@example.com. Final\n"));
}

}  // namespace
}  // namespace tinychat::terminal_markdown

namespace tinychat::terminal_markdown {
namespace {

// Random documents made of Markdown's building blocks, cut into random pieces of bytes (a UTF-8
// sequence may be split), at several widths on a short screen: whatever the cuts, the screen is
// the one of the whole document.
TEST(StreamingMarkdown, RandomDocumentsInRandomPiecesGiveTheScreenOfTheWhole) {
  const std::vector<std::string> blocks = {
      "# Heading **bold**\n",
      "Some *text* with `code` and a [link](https://example.com/x) and more words here.\n",
      "A word_that_is_far_too_long_to_fit_on_any_narrow_line_at_all goes on.\n",
      "\n",
      "\n",
      "- item one\n",
      "- item two with 中文 and 😀\n",
      "  - nested item\n",
      "1. first\n2. second\n",
      "> quoted text\n",
      "---\n",
      "| a | b |\n|---|---|\n| 1 | 二 |\n",
      "```py\nx = 1\t# tab\n",
      "```\n",
      "\tindented with a tab\n",
      "Text after\n",
      "&amp; &#x1F600; &#27;\n",
      "<https://example.com/auto>\n",
  };
  std::mt19937 random(20261128);
  for (int document = 0; document < 60; ++document) {
    std::string text;
    const int count = 5 + static_cast<int>(random() % 25);
    for (int i = 0; i < count; ++i) text += blocks[random() % blocks.size()];
    std::vector<std::string> pieces;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t size = 1 + random() % 9;
      pieces.push_back(text.substr(at, size));
      at += size;
    }
    for (int columns : {12, 23, 40, 79}) {
      const TerminalSize size{columns, 10};
      const StreamedScreen whole = stream_into_terminal({text}, size);
      const StreamedScreen streamed = stream_into_terminal(pieces, size);
      ASSERT_EQ(testing::joined(streamed.transcript), testing::joined(whole.transcript))
          << "document " << document << " at " << columns << " columns:\n"
          << text;
    }
  }
}

}  // namespace
}  // namespace tinychat::terminal_markdown
