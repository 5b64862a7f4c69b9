#include "tinychat/sse_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tinychat {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace std::string_literals;

struct Event {
  std::string type;
  std::string data;
  std::string id;
  friend bool operator==(const Event&, const Event&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Event& e) {
    return os << "{" << e.type << ", \"" << e.data << "\", id \"" << e.id << "\"}";
  }
};

Event message(std::string data, std::string id = "") {
  return {"message", std::move(data), std::move(id)};
}

// Feeds `input` cut at `cuts` (sorted positions), then finish().
std::vector<Event> parse(std::string_view input, const std::vector<std::size_t>& cuts = {}) {
  SseParser parser;
  std::vector<Event> events;
  auto collect = [&](const SseEvent& e) {
    events.push_back({std::string(e.type), std::string(e.data), std::string(e.id)});
    return true;
  };
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    parser.feed(input.substr(at, cut - at), collect);
    at = cut;
  }
  parser.feed(input.substr(at), collect);
  parser.finish();
  return events;
}

// The same events however the bytes are cut: whole, one byte at a time, at every position, and
// (for short inputs) at every pair of positions.
void expect_events(std::string_view input, const std::vector<Event>& expected) {
  EXPECT_EQ(parse(input), expected) << "whole";
  std::vector<std::size_t> every;
  for (std::size_t i = 1; i < input.size(); ++i) every.push_back(i);
  EXPECT_EQ(parse(input, every), expected) << "one byte at a time";
  for (std::size_t i = 1; i < input.size(); ++i) {
    ASSERT_EQ(parse(input, {i}), expected) << "split at " << i;
  }
  if (input.size() <= 80) {
    for (std::size_t i = 1; i < input.size(); ++i) {
      for (std::size_t j = i + 1; j < input.size(); ++j) {
        ASSERT_EQ(parse(input, {i, j}), expected) << "split at " << i << " and " << j;
      }
    }
  }
}

TEST(SseParser, FindsEveryKindOfLineEndWhereverItFalls) {
  // Line ends are looked for 16 bytes at a time: lines of 0 to 40 bytes put the end at every
  // place in a block and in the bytes after the last whole block.
  for (const std::string ending : {"\n"s, "\r"s, "\r\n"s}) {
    for (std::size_t length = 0; length <= 40; ++length) {
      const std::string data(length, 'x');
      const std::string input = "data:" + data + ending + "data:" + data + ending + ending;
      EXPECT_THAT(parse(input), ElementsAre(message(data + "\n" + data)))
          << "lines of " << length << " ending in "
          << (ending == "\n"   ? "LF"
              : ending == "\r" ? "CR"
                               : "CRLF");
    }
  }
  // A CR ends its line even with an LF later in the same block: the first of the two wins.
  for (std::size_t length = 0; length <= 20; ++length) {
    const std::string data(length, 'x');
    EXPECT_THAT(parse("data:" + data + "\rdata:y\n\n"), ElementsAre(message(data + "\ny")))
        << "a line of " << length;
  }
}

TEST(SseParser, DispatchesDataOnABlankLine) {
  expect_events("data: hello\n\n", {message("hello")});
}

TEST(SseParser, JoinsMultipleDataLinesWithNewlines) {
  expect_events("data: a\ndata: b\ndata\n\n", {message("a\nb\n")});
}

TEST(SseParser, AcceptsCrLfAndLoneCrLineEnds) {
  // web-platform-tests format-newlines
  expect_events("data:test\r\ndata\ndata:test\r\n\r\n", {message("test\n\ntest")});
  expect_events("data: a\r\rdata: b\r\r", {message("a"), message("b")});
}

TEST(SseParser, CrAtTheEndOfOneFeedAndLfAtTheStartOfTheNextAreOneLineEnd) {
  // eventsource-parser issue #17: exactly one event, not two.
  SseParser parser;
  std::vector<std::string> data;
  auto collect = [&](const SseEvent& e) {
    data.emplace_back(e.data);
    return true;
  };
  for (std::string_view piece : {"data: A\r\n", "data: B\r", "\n", "data: C\r\n", "\n"}) {
    parser.feed(piece, collect);
  }
  EXPECT_THAT(data, ElementsAre("A\nB\nC"));
  data.clear();
  SseParser second;
  for (std::string_view piece : {"data: one\r", "\r", "\n"}) second.feed(piece, collect);
  EXPECT_THAT(data, ElementsAre("one"));
}

TEST(SseParser, StripsOnlyOneLeadingSpace) {
  // web-platform-tests format-leading-space
  expect_events("data:\ttest\rdata: \ndata:test\n\n\n", {message("\ttest\n\ntest")});
  expect_events("data:  two\n\n", {message(" two")});
}

TEST(SseParser, IgnoresComments) {
  // web-platform-tests format-comments
  const std::string input = "data:1\r:\0\n:\r\ndata:2\n:"s + std::string(2048, 'x') +
                            "\rdata:3\n:data:fail\r:" + std::string(2048, 'x') + "\ndata:4\n\n";
  expect_events("data:1\r:\0\n:\r\ndata:2\n\n"s, {message("1\n2")});
  EXPECT_THAT(parse(input), ElementsAre(message("1\n2\n3\n4")));
}

TEST(SseParser, FieldNamesAreCaseSensitiveAndUnknownOnesIgnored) {
  // web-platform-tests format-field-parsing
  const std::string input =
      "data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n "
      "data:32\ndata:4\n\n"s;
  expect_events(input, {message("\0\n 2\n1\n3\n\n4"s)});
  // format-field-unknown
  expect_events(
      "data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test\n\n\n",
      {message("test\n\ntest")});
}

TEST(SseParser, EventFieldSetsTheType) {
  // format-field-event, format-field-event-empty
  expect_events("event:test\ndata:x\n\ndata:x\n\n\n", {{"test", "x", ""}, message("x")});
  expect_events("event: \ndata:data\n\n\n", {message("data")});
}

TEST(SseParser, EmptyDataIsDispatchedButNoDataIsNot) {
  // format-field-data
  expect_events("data:\n\ndata\ndata\n\ndata:test\n\n\n",
                {message(""), message("\n"), message("test")});
  expect_events("event: x\n\nid: 3\n\n", {});
}

TEST(SseParser, LastEventIdPersistsAndResets) {
  // format-field-id-3 (a), (b), (c)
  expect_events("id: 1\ndata: 1\n\ndata: 2\n\nid: 2\ndata:3\n\ndata:4\n\n",
                {message("1", "1"), message("2", "1"), message("3", "2"), message("4", "2")});
  expect_events("id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n",
                {message("1", "1"), message("2", ""), message("3", "")});
  expect_events("id: 1\ndata: 1\n\nid\ndata:2\n\ndata:3\n\n",
                {message("1", "1"), message("2", ""), message("3", "")});
}

TEST(SseParser, IdContainingNulIsIgnored) {
  // format-field-id-null: every variant leaves the id empty.
  for (std::string id : {std::string("\0\0", 2), std::string("x\0", 2), std::string("\0x", 2),
                         std::string("x\0x", 3), std::string(" \0", 2)}) {
    expect_events("id: " + id + "\nretry: 200\ndata: hello\n\n", {message("hello", "")});
  }
  // and keeps the one before it (eventsource-parser)
  expect_events("id: 123\nid: bad\0id\ndata: hello\n\n"s, {message("hello", "123")});
}

TEST(SseParser, IdIsCommittedEvenWhenNothingIsDispatched) {
  SseParser parser;
  parser.feed("id: 7\n\n", [](const SseEvent&) { return true; });
  EXPECT_EQ(parser.last_event_id(), "7");
}

TEST(SseParser, UnicodeIdSurvives) {
  // format-field-id
  expect_events("id: \xE2\x80\xA6\nretry: 200\ndata: hello\n\n",
                {message("hello", "\xE2\x80\xA6")});
}

TEST(SseParser, RetryTakesOnlyAsciiDigits) {
  SseParser parser;
  auto ignore = [](const SseEvent&) { return true; };
  parser.feed("retry:03000\ndata:x\n\n", ignore);  // format-field-retry
  EXPECT_EQ(parser.retry(), std::chrono::milliseconds(3000));
  parser.feed("retry:1000x\ndata:x\n\n", ignore);  // format-field-retry-bogus
  EXPECT_EQ(parser.retry(), std::chrono::milliseconds(3000));
  parser.feed("retry\ndata:test\n\n", ignore);  // format-field-retry-empty
  EXPECT_EQ(parser.retry(), std::chrono::milliseconds(3000));
  expect_events("retry\ndata:test\n\n\n", {message("test")});
}

TEST(SseParser, UnterminatedFinalEventIsDiscarded) {
  // format-data-before-final-empty-line: test2 never arrives and its id is not committed.
  SseParser parser;
  std::vector<Event> events;
  auto collect = [&](const SseEvent& e) {
    events.push_back({std::string(e.type), std::string(e.data), std::string(e.id)});
    return true;
  };
  parser.feed("retry:1000\ndata:test1\n\nid:test\ndata:test2\n", collect);
  parser.finish();
  EXPECT_THAT(events, ElementsAre(message("test1")));
  EXPECT_EQ(parser.last_event_id(), "");
}

TEST(SseParser, DropsOneLeadingBom) {
  // format-bom, format-bom-2
  expect_events(
      "\xEF\xBB\xBF"
      "data:1\n\n\xEF\xBB\xBF"
      "data:2\n\ndata:3\n\n\n",
      {message("1"), message("3")});
  expect_events(
      "\xEF\xBB\xBF\xEF\xBB\xBF"
      "data:1\n\ndata:2\n\ndata:3\n\n\n",
      {message("2"), message("3")});
}

TEST(SseParser, DecodesUtf8SplitAcrossFeedsAndReplacesInvalidBytes) {
  // format-utf-8; every cut inside "…" and "👋" is tried by expect_events.
  expect_events("data:ok\xE2\x80\xA6\n\n\n", {message("ok\xE2\x80\xA6")});
  expect_events("data: \xF0\x9F\x91\x8B!\n\n", {message("\xF0\x9F\x91\x8B!")});
  expect_events(
      "data: a\xFF"
      "b\xE2\x80\n\n",
      {message("a\xEF\xBF\xBD"
               "b\xEF\xBF\xBD")});
}

TEST(SseParser, NulCharacterIsData) {
  // format-null-character
  expect_events(std::string("data:\0\n\n\n\n\n", 11), {message(std::string("\0", 1))});
}

TEST(SseParser, EventDataWrittenInTinyPieces) {
  // web-platform-tests event-data (message2.py)
  expect_events(
      "data:msg\ndata: "
      "msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n",
      {message("msg\nmsg"), message(""), message("end")});
}

TEST(SseParser, SplitFieldNameStillParses) {
  // eventsource-parser: "da" | "ta\n\n" is a data field with an empty value.
  EXPECT_THAT(parse("data\n\n", {2}), ElementsAre(message("")));
  EXPECT_THAT(parse("data: one\ndata\r\ndata: two\n\n", {14}), ElementsAre(message("one\n\ntwo")));
}

TEST(SseParser, LeadingBlankLinesAreHarmless) {
  expect_events("\n\n\n\ndata: x\n\n", {message("x")});
}

TEST(SseParser, ParsesAnthropicStyleEvents) {
  expect_events(
      "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: ping\ndata: "
      "{\"type\":\"ping\"}\n\n",
      {{"message_start", "{\"type\":\"message_start\"}", ""}, {"ping", "{\"type\":\"ping\"}", ""}});
}

TEST(SseParser, CallbackReturningFalseStopsTheFeed) {
  SseParser parser;
  int calls = 0;
  parser.feed("data: a\n\ndata: b\n\n", [&](const SseEvent&) {
    ++calls;
    return false;
  });
  EXPECT_EQ(calls, 1);
}

TEST(SseParser, OversizedEventIsDroppedAndTheNextOneArrives) {
  SseParser parser(SseParserOptions{64});
  std::vector<std::string> data;
  auto collect = [&](const SseEvent& e) {
    data.emplace_back(e.data);
    return true;
  };
  Error error = parser.feed(
      "data: " + std::string(40, 'a') + "\ndata: " + std::string(40, 'b') + "\n\ndata: next\n\n",
      collect);
  EXPECT_EQ(error.code, ErrorCode::event_too_large);
  EXPECT_THAT(data, ElementsAre("next"));
}

TEST(SseParser, NeverEndingLineDoesNotGrowWithoutBound) {
  SseParser parser(SseParserOptions{1024});
  std::vector<std::string> data;
  auto collect = [&](const SseEvent& e) {
    data.emplace_back(e.data);
    return true;
  };
  EXPECT_FALSE(parser.feed("data: ", collect));
  Error first;
  for (int i = 0; i < 1000; ++i) {
    Error e = parser.feed(std::string(100, 'x'), collect);
    if (e && !first) first = e;
  }
  EXPECT_EQ(first.code, ErrorCode::event_too_large);
  parser.feed("\n\ndata: after\n\n", collect);
  EXPECT_THAT(data, ElementsAre("after"));
}

TEST(SseParser, CommentOnlyStreamDispatchesNothing) {
  // OpenRouter-style keep-alives must not reach a JSON decoder.
  expect_events(": OPENROUTER PROCESSING\n\n: ping\n\n", {});
  EXPECT_THAT(parse(":\n"), IsEmpty());
}

}  // namespace
}  // namespace tinychat
