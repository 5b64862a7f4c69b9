#include "tinychat/ndjson_framer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tinychat {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> frame(std::string_view input, std::size_t piece,
                               std::size_t bound = 1 << 20) {
  NdjsonFramer framer(bound);
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  };
  for (std::size_t at = 0; at < input.size(); at += piece)
    framer.feed(input.substr(at, piece), collect);
  framer.finish(collect);
  return lines;
}

TEST(NdjsonFramer, SplitsCohereLinesHoweverTheBytesAreCut) {
  const std::string input =
      "{\"is_finished\":false,\"event_type\":\"stream-start\"}\n"
      "{\"is_finished\":false,\"event_type\":\"text-generation\",\"text\":\"\xC2\xBFQu\xC3\xA9\"}\n"
      "{\"is_finished\":true,\"event_type\":\"stream-end\"}\n";
  for (std::size_t piece = 1; piece <= input.size(); ++piece) {
    EXPECT_THAT(frame(input, piece),
                ElementsAre("{\"is_finished\":false,\"event_type\":\"stream-start\"}",
                            "{\"is_finished\":false,\"event_type\":\"text-generation\",\"text\":"
                            "\"\xC2\xBFQu\xC3\xA9\"}",
                            "{\"is_finished\":true,\"event_type\":\"stream-end\"}"))
        << "pieces of " << piece;
  }
}

TEST(NdjsonFramer, DropsCrAndSkipsBlankLines) {
  EXPECT_THAT(frame("{\"a\":1}\r\n\r\n  \n{\"b\":2}\n", 3), ElementsAre("{\"a\":1}", "{\"b\":2}"));
}

TEST(NdjsonFramer, DeliversAFinalLineWithoutNewline) {
  EXPECT_THAT(frame("{\"a\":1}\n{\"b\":2}", 4), ElementsAre("{\"a\":1}", "{\"b\":2}"));
}

TEST(NdjsonFramer, DropsALineLongerThanTheBound) {
  NdjsonFramer framer(16);
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  };
  Error error = framer.feed("{\"text\":\"" + std::string(40, 'x') + "\"}\n{\"ok\":1}\n", collect);
  EXPECT_EQ(error.code, ErrorCode::event_too_large);
  EXPECT_THAT(lines, ElementsAre("{\"ok\":1}"));
}

TEST(NdjsonFramer, ReplacesInvalidUtf8) {
  EXPECT_THAT(frame("{\"t\":\"a\xFF\"}\n", 1), ElementsAre("{\"t\":\"a\xEF\xBF\xBD\"}"));
}

}  // namespace
}  // namespace tinychat
