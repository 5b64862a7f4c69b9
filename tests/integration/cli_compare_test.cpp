// Compare mode: the real binary sends one prompt to three models at once (three providers on
// one loopback server, at different speeds, one failing mid-stream), in a pipe, as JSON Lines,
// on terminals 80 and 200 columns wide, and continues from a picked answer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "cli_fixture.h"
#include "support/pty_process.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using testing::Gate;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Reply;

constexpr const char* kGpt = "gpt-4o";
constexpr const char* kMistral = "mistral-large-latest";
constexpr const char* kLlama = "meta-llama/Llama-3.3-70B-Instruct-Turbo";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::erase(line, '\r');
    lines.push_back(line);
  }
  return lines;
}

// gpt-4o reports its token counts; the others do not (the summary then counts text events).
constexpr const char* kGptUsage =
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\n\n";

// What a terminal shows after `output`: enough of one to follow the live view (text, CR, LF,
// cursor up/down/to a column); rows without trailing spaces. It never scrolls.
std::vector<std::string> screen_of(const std::string& output) {
  std::vector<std::vector<std::string>> cells(1);
  std::size_t row = 0;
  std::size_t column = 0;
  for (std::size_t i = 0; i < output.size();) {
    const char c = output[i];
    if (c == '\x1b' && i + 1 < output.size() && output[i + 1] == '[') {
      std::size_t end = i + 2;
      while (end < output.size() && std::isdigit(static_cast<unsigned char>(output[end]))) ++end;
      const std::size_t n = end > i + 2 ? std::stoul(output.substr(i + 2, end - i - 2)) : 1;
      const char command = end < output.size() ? output[end] : '?';
      if (command == 'A') row -= std::min(row, n);
      if (command == 'B') row += n;
      if (command == 'G') column = n - 1;
      i = end + 1;
    } else if (c == '\r') {
      column = 0;
      ++i;
    } else if (c == '\n') {
      ++row;
      ++i;
    } else {
      std::size_t length = 1;  // One code point.
      while (i + length < output.size() && (output[i + length] & 0xC0) == 0x80) ++length;
      if (cells.size() <= row) cells.resize(row + 1);
      if (cells[row].size() <= column) cells[row].resize(column + 1, " ");
      cells[row][column++] = output.substr(i, length);
      i += length;
    }
    if (cells.size() <= row) cells.resize(row + 1);
  }
  std::vector<std::string> rows;
  for (const auto& line : cells) {
    std::string text;
    for (const std::string& cell : line) text += cell;
    while (!text.empty() && text.back() == ' ') text.pop_back();
    rows.push_back(text);
  }
  return rows;
}

class CliCompareTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    env["OPENAI_BASE_URL"] = server.url("/o/v1");
    env["MISTRAL_BASE_URL"] = server.url("/m/v1");
    env["MISTRAL_API_KEY"] = kKey;
    env["TOGETHER_BASE_URL"] = server.url("/t/v1");
    env["TOGETHER_API_KEY"] = kKey;
  }

  // gpt-4o slow (three pieces 100 ms apart), mistral fast, llama cut off after its first piece.
  // Each waits before its first piece for `all_asked`, which the test opens once the server has
  // all three requests: a client that sent them one after another would never get there.
  void script_three_models(bool llama_fails = true) {
    server.route(
        "/o/v1/chat/completions",
        Reply::stream({openai_chunk("Hello "), openai_chunk("from "),
                       openai_chunk("gpt.\\n", "\"stop\"") + kGptUsage + "data: [DONE]\n\n"})
            .with_pause(100ms)
            .with_gate_before(0, all_asked));
    server.route("/m/v1/chat/completions",
                 openai_answer("Mistral here.").with_gate_before(0, all_asked));
    Reply llama = Reply::stream({openai_chunk("Partial"),
                                 openai_chunk(" rest", "\"stop\"") + "data: [DONE]\n\n"})
                      .with_gate_before(0, all_asked);
    if (llama_fails) llama.with_drop_after(1);
    server.route("/t/v1/chat/completions", llama);
  }

  // Opens the gate once every model has asked; false if they did not all ask at once.
  bool open_when_all_asked() {
    const bool all = server.wait_for_requests(3, 4s);
    all_asked.open();
    return all;
  }

  Gate all_asked;
};

TEST_F(CliCompareTest, PipePrintsEachAnswerWholeInTheOrderGivenAndFailsIfOneFailed) {
  script_three_models();
  auto cli = run({"-m", kGpt, "-m", kMistral, "-m", kLlama, "Say hello"});
  EXPECT_TRUE(open_when_all_asked()) << "the requests did not all start at once";
  EXPECT_EQ(cli->wait(), 1) << cli->err();
  EXPECT_EQ(cli->out(),
            "## gpt-4o\n\nHello from gpt.\n\n"
            "## mistral-large-latest\n\nMistral here.\n\n"
            "## meta-llama/Llama-3.3-70B-Instruct-Turbo\n\nPartial\n");
  // The summary: every model, the failed one with its error.
  EXPECT_THAT(cli->err(), HasSubstr("tinychat: gpt-4o: first token "));
  EXPECT_THAT(cli->err(), HasSubstr("tinychat: mistral-large-latest: first token "));
  EXPECT_THAT(cli->err(), HasSubstr("tinychat: meta-llama/Llama-3.3-70B-Instruct-Turbo: failed: "));
  // gpt-4o's cost from the shipped prices and its counts; none for a model whose server sent no
  // counts (never a made-up $0).
  EXPECT_THAT(cli->err(), ::testing::MatchesRegex(
                              "(.|\n)*gpt-4o: first token [0-9.]+ s, total [0-9.]+ s, 3 tokens, "
                              "[0-9.]+ tokens/s, \\$0\\.[0-9]+\n(.|\n)*"));
  EXPECT_THAT(cli->err(), HasSubstr("1 text events"));
  EXPECT_THAT(cli->err(), Not(::testing::ContainsRegex("mistral-large-latest:[^\n]*\\$")));
}

TEST_F(CliCompareTest, CompareListIsTheSameAsRepeatedModelsAndAllCompletedIsExitZero) {
  script_three_models(false);
  auto cli = run({"--compare", std::string(kGpt) + "," + kMistral + "," + kLlama, "Say hello"});
  EXPECT_TRUE(open_when_all_asked());
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(),
            "## gpt-4o\n\nHello from gpt.\n\n"
            "## mistral-large-latest\n\nMistral here.\n\n"
            "## meta-llama/Llama-3.3-70B-Instruct-Turbo\n\nPartial rest\n");
}

TEST_F(CliCompareTest, JsonLinesGiveEachModelsEventsInTheirOrder) {
  script_three_models();
  auto cli = run({"-m", kGpt, "-m", kMistral, "-m", kLlama, "--json", "Say hello"});
  EXPECT_TRUE(open_when_all_asked());
  EXPECT_EQ(cli->wait(), 1) << cli->err();
  std::map<std::string, std::vector<std::string>> by_model;
  for (const std::string& line : lines_of(cli->out())) {
    const auto model_end = line.find("\",\"type\"");
    ASSERT_TRUE(line.starts_with("{\"model\":\"") && model_end != std::string::npos) << line;
    by_model[line.substr(10, model_end - 10)].push_back(line);
  }
  EXPECT_THAT(
      by_model["gpt-4o"],
      ::testing::ElementsAre(
          R"({"model":"gpt-4o","type":"text","text":"Hello "})",
          R"({"model":"gpt-4o","type":"text","text":"from "})",
          R"({"model":"gpt-4o","type":"text","text":"gpt.\n"})",
          R"({"model":"gpt-4o","type":"done","finish_reason":"stop","usage":{"input_tokens":5,"output_tokens":3}})"));
  EXPECT_THAT(
      by_model["mistral-large-latest"],
      ::testing::ElementsAre(
          R"({"model":"mistral-large-latest","type":"text","text":"Mistral here."})",
          R"({"model":"mistral-large-latest","type":"done","finish_reason":"stop","usage":{}})"));
  const auto& llama = by_model["meta-llama/Llama-3.3-70B-Instruct-Turbo"];
  ASSERT_EQ(llama.size(), 2u);
  EXPECT_EQ(
      llama[0],
      R"({"model":"meta-llama/Llama-3.3-70B-Instruct-Turbo","type":"text","text":"Partial"})");
  EXPECT_THAT(llama[1],
              HasSubstr(R"({"model":"meta-llama/Llama-3.3-70B-Instruct-Turbo","type":"error",)"));
}

TEST_F(CliCompareTest, AnswersAreSiblingsAndPickContinuesFromTheChosenOne) {
  script_three_models(false);
  auto cli = run({"-m", kGpt, "-m", kMistral, "-m", kLlama, "Say hello"});
  EXPECT_TRUE(open_when_all_asked());
  ASSERT_EQ(cli->wait(), 0) << cli->err();

  auto next = run({"-c", "--pick", kMistral, "And then?"});
  ASSERT_EQ(next->wait(), 0) << next->err();
  const testing::RecordedRequest follow_up = server.requests().back();
  EXPECT_EQ(follow_up.path(), "/m/v1/chat/completions");  // The picked answer's model.
  EXPECT_THAT(follow_up.body, HasSubstr("Mistral here."));
  EXPECT_THAT(follow_up.body, Not(HasSubstr("Hello from")));

  // Now the latest prompt has one answer: there is no ninth to pick.
  auto by_place = run({"-c", "--pick", "9", "More?"});
  EXPECT_EQ(by_place->wait(), 2);
  EXPECT_THAT(by_place->err(), HasSubstr("no such answer"));
}

TEST_F(CliCompareTest, PickByPlaceFollowsThatAnswer) {
  script_three_models(false);
  auto cli = run({"-m", kGpt, "-m", kMistral, "-m", kLlama, "Say hello"});
  EXPECT_TRUE(open_when_all_asked());
  ASSERT_EQ(cli->wait(), 0) << cli->err();
  auto next = run({"-c", "--pick", "3", "And then?"});
  ASSERT_EQ(next->wait(), 0) << next->err();
  const testing::RecordedRequest follow_up = server.requests().back();
  EXPECT_EQ(follow_up.path(), "/t/v1/chat/completions");
  EXPECT_THAT(follow_up.body, HasSubstr("Partial rest"));
}

TEST_F(CliCompareTest, NarrowTerminalStacksWholeLabelledLines) {
  script_three_models();
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "-m", kGpt, "-m", kMistral, "-m", kLlama, "-n", "hi"},
                          env, 80);
  EXPECT_TRUE(open_when_all_asked());
  EXPECT_EQ(cli.wait(), 1);
  std::vector<std::string> answer_lines;
  for (const std::string& line : lines_of(cli.output())) {
    if (line.find(" │ ") != std::string::npos) answer_lines.push_back(line);
  }
  // Labels padded to one width (at most 24 columns), every line whole.
  auto labelled = [](std::string label, const std::string& line) {
    label.resize(24, ' ');
    return label + " │ " + line;
  };
  EXPECT_THAT(answer_lines,
              ::testing::UnorderedElementsAre(labelled("gpt-4o", "Hello from gpt."),
                                              labelled("mistral-large-latest", "Mistral here."),
                                              labelled("meta-llama/Llama-3.3-70B", "Partial")))
      << cli.output();
}

TEST_F(CliCompareTest, WideTerminalShowsTheAnswersSideBySide) {
  script_three_models();
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "-m", kGpt, "-m", kMistral, "-m", kLlama, "-n", "hi"},
                          env, 200);
  EXPECT_TRUE(open_when_all_asked());
  EXPECT_EQ(cli.wait(), 1);
  const std::vector<std::string> lines = screen_of(cli.output());
  // Three columns of 64: the header, a rule, then one row with each model's first line (each
  // written into its cell as it arrived).
  const std::string column(64, ' ');
  auto cell = [&](std::string text) { return text + column.substr(text.size()); };
  const std::string header = cell("gpt-4o") + " │ " + cell("mistral-large-latest") + " │ " + kLlama;
  const std::string row = cell("Hello from gpt.") + " │ " + cell("Mistral here.") + " │ Partial";
  EXPECT_NE(std::ranges::find(lines, header), lines.end()) << cli.output();
  EXPECT_NE(std::ranges::find(lines, row), lines.end()) << cli.output();
}

TEST_F(CliCompareTest, ChatCompareSendsTheNextPromptToEachAndGoesOnFromTheFirst) {
  script_three_models(false);
  server.route("/o/v1/chat/completions", openai_answer("Second answer."));
  auto cli = run({"chat", "-m", kGpt},
                 std::string("/compare ") + kMistral + " " + kLlama + "\nSay hello\nAnd then?\n");
  // Two models, so the third request the gate waits for is the follow-up: open it at two.
  EXPECT_TRUE(server.wait_for_requests(2, 4s));
  all_asked.open();
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(),
            "## mistral-large-latest\n\nMistral here.\n\n"
            "## meta-llama/Llama-3.3-70B-Instruct-Turbo\n\nPartial rest\n"
            "Second answer.");
  // The follow-up went to the chat's own model with the first compared answer as history.
  const testing::RecordedRequest follow_up = server.requests().back();
  EXPECT_EQ(follow_up.path(), "/o/v1/chat/completions");
  EXPECT_THAT(follow_up.body, HasSubstr("Mistral here."));
  EXPECT_THAT(follow_up.body, Not(HasSubstr("Partial rest")));
}

TEST_F(CliCompareTest, OneModelIsNoComparison) {
  server.route("/m/v1/chat/completions", openai_answer("Just one."));
  auto single = run({"--compare", kMistral, "hi"});
  EXPECT_EQ(single->wait(), 0) << single->err();
  EXPECT_EQ(single->out(), "Just one.");  // The plain answer, no heading.
  auto json = run({"-m", kMistral, "--json", "hi"});
  EXPECT_EQ(json->wait(), 2);
  EXPECT_THAT(json->err(), HasSubstr("--json is for comparing models"));
}

TEST_F(CliCompareTest, LongLinesWrapAtThePaneWidthWithoutSplittingCharacters) {
  // 130 characters, two bytes each, sent in pieces that cut them in half: the stacked view
  // (80 columns, labels 20 wide) wraps at 57 characters and never splits one.
  std::string text;
  for (int i = 0; i < 130; ++i) text += "é";
  Reply reply =
      Reply::replay(openai_chunk(text) + openai_chunk("", "\"stop\"") + "data: [DONE]\n\n", 7);
  server.route("/o/v1/chat/completions", reply);
  server.route("/m/v1/chat/completions", openai_answer("short"));
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "-m", kGpt, "-m", kMistral, "-n", "hi"}, env, 80);
  EXPECT_EQ(cli.wait(), 0) << cli.output();
  std::string joined;
  for (const std::string& line : lines_of(cli.output())) {
    const std::string prefix = std::string(kGpt) + std::string(20 - 6, ' ') + " │ ";
    if (!line.starts_with(prefix)) continue;
    const std::string cell = line.substr(prefix.size());
    EXPECT_LE(cell.size(), 57u * 2) << line;
    joined += cell;
  }
  EXPECT_EQ(joined, text);
}

TEST_F(CliCompareTest, SideBySideColumnsFillTheirOwnRowsAsTheirLinesArrive) {
  // gpt-4o writes three lines at once, mistral one line later: mistral's line goes into the
  // first row, beside gpt's first, not below gpt's last.
  Gate mistral_may_answer;
  server.route("/o/v1/chat/completions", openai_answer("one\\ntwo\\nthree\\n"));
  server.route("/m/v1/chat/completions",
               openai_answer("later").with_gate_before(0, mistral_may_answer));
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "-m", kGpt, "-m", kMistral, "-n", "hi"}, env, 120);
  EXPECT_TRUE(cli.wait_for_output("three", 5s)) << cli.output();
  mistral_may_answer.open();
  EXPECT_EQ(cli.wait(), 0) << cli.output();
  const std::vector<std::string> screen = screen_of(cli.output());
  const std::string column(58, ' ');
  auto cell = [&](std::string text) { return text + column.substr(text.size()); };
  const auto header = std::ranges::find(screen, cell("gpt-4o") + " │ mistral-large-latest");
  ASSERT_NE(header, screen.end()) << cli.output();
  ASSERT_GE(screen.end() - header, 5);
  EXPECT_EQ(header[2], cell("one") + " │ later");
  EXPECT_EQ(header[3], "two" + column.substr(3) + " │");
  EXPECT_EQ(header[4], "three" + column.substr(5) + " │");
}

TEST_F(CliCompareTest, ARetryNoticeTakesARowOfItsOwnAndTheColumnsStayAligned) {
  server.route("/o/v1/chat/completions", openai_answer("one\\ntwo\\nthree\\n"));
  server.enqueue(Reply::json(503, R"({"error":{"message":"busy"}})"));  // mistral, then again:
  server.enqueue(openai_answer("later"));
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "-m", kGpt, "-m", kMistral, "-n", "hi"}, env, 120);
  EXPECT_EQ(cli.wait(), 0) << cli.output();
  const std::vector<std::string> screen = screen_of(cli.output());
  const std::string column(58, ' ');
  EXPECT_NE(std::ranges::find(screen, "one" + column.substr(3) + " │ later"), screen.end())
      << cli.output();
  EXPECT_NE(std::ranges::find_if(screen,
                                 [](const std::string& row) {
                                   return row.starts_with("tinychat: mistral-large-latest: ") &&
                                          row.find("retrying") != std::string::npos;
                                 }),
            screen.end())
      << cli.output();
}

TEST_F(CliCompareTest, CtrlCStopsEveryAnswerAndKeepsWhatArrived) {
  // Both models send a first line (the live view writes whole lines), then wait for a gate
  // that never opens.
  Gate never;
  server.route(
      "/o/v1/chat/completions",
      Reply::stream({openai_chunk("Hello\\n"), openai_chunk(" more")}).with_gate_before(1, never));
  server.route("/m/v1/chat/completions",
               Reply::stream({openai_chunk("Mistral\\n"), openai_chunk(" more")})
                   .with_gate_before(1, never));
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "-m", kGpt, "-m", kMistral, "hi"}, env, 80);
  ASSERT_TRUE(server.wait_for_requests(2, 4s));
  ASSERT_TRUE(cli.wait_for_output("Mistral", 4s)) << cli.output();
  ASSERT_TRUE(cli.wait_for_output("Hello", 4s)) << cli.output();
  cli.type("\x03");
  EXPECT_EQ(cli.wait(), 130) << cli.output();
  // Both stored, interrupted, with what arrived.
  auto show = run({"show", "--format", "json"});
  ASSERT_EQ(show->wait(), 0) << show->err();
  EXPECT_THAT(show->out(), HasSubstr("Hello"));
  EXPECT_THAT(show->out(), HasSubstr("interrupted"));
}

TEST_F(CliCompareTest, JsonLinesOnATerminalShowNoControlSequence) {
  server.route("/o/v1/chat/completions", openai_answer("A\\u009b31mB"));
  server.route("/m/v1/chat/completions", openai_answer("ok"));
  testing::PtyProcess cli({TINYCHAT_CLI_PATH, "-m", kGpt, "-m", kMistral, "--json", "-n", "hi"},
                          env, 80);
  EXPECT_EQ(cli.wait(), 0) << cli.output();
  EXPECT_EQ(cli.output().find("\xc2\x9b"), std::string::npos) << cli.output();
}

}  // namespace
}  // namespace tinychat
