#include "tinychat/utf8_decoder.h"

#include <gtest/gtest.h>

#include <string>

namespace tinychat {
namespace {

constexpr const char* kFffd = "\xEF\xBF\xBD";

std::string decode_all(std::string_view bytes, std::size_t piece = 0) {
  Utf8Decoder decoder;
  std::string out;
  if (piece == 0) piece = bytes.size() + 1;
  for (std::size_t at = 0; at < bytes.size(); at += piece)
    out += decoder.decode(bytes.substr(at, piece));
  out += decoder.finish();
  return out;
}

TEST(Utf8Decoder, ValidInputComesBackWithoutACopy) {
  Utf8Decoder decoder;
  const std::string text = "plain ascii and \xC3\xA9 and \xF0\x9F\x91\x8B";
  const std::string_view out = decoder.decode(text);
  EXPECT_EQ(out.data(), text.data());
  EXPECT_EQ(out, text);
}

TEST(Utf8Decoder, CarriesACharacterSplitAcrossCalls) {
  const std::string text = "\xC3\xA9\xE2\x80\xA6\xF0\x9F\x91\x8B\xE6\x97\xA5";
  for (std::size_t piece = 1; piece <= text.size(); ++piece) {
    EXPECT_EQ(decode_all(text, piece), text) << "pieces of " << piece;
  }
}

TEST(Utf8Decoder, ReplacesMaximalSubpartsAsWhatwgSays) {
  EXPECT_EQ(decode_all("\xE2\x80"
                       "A"),
            std::string(kFffd) + "A");
  EXPECT_EQ(decode_all("\xF0\x80\x80"), std::string(kFffd) + kFffd + kFffd);
  EXPECT_EQ(decode_all("\xED\xA0\x80"), std::string(kFffd) + kFffd + kFffd);  // surrogate
  EXPECT_EQ(decode_all("\xC0\xAF"), std::string(kFffd) + kFffd);              // overlong
  EXPECT_EQ(decode_all("\xF4\x90\x80\x80"), std::string(kFffd) + kFffd + kFffd + kFffd);
  EXPECT_EQ(decode_all("a\xFF"
                       "b"),
            std::string("a") + kFffd + "b");
}

TEST(Utf8Decoder, ReplacementIsTheSameHoweverTheInputIsCut) {
  const std::string text = "x\xE2\x80y\xF0\x9F\x91z\xC3\xA9\xED\xA0\x80\xF0\x9F\x91\x8B";
  const std::string whole = decode_all(text);
  for (std::size_t piece = 1; piece < text.size(); ++piece) {
    EXPECT_EQ(decode_all(text, piece), whole) << "pieces of " << piece;
  }
}

TEST(Utf8Decoder, FindsABadOrAWideByteAtEveryOffsetOfALongAsciiRun) {
  // ASCII is skipped 32 and 8 bytes a step: whatever lies in a block must still be seen, in
  // the block's first, middle and last bytes, and in the bytes left over after the last block.
  for (std::size_t at = 0; at < 100; ++at) {
    std::string text(100, 'a');
    text[at] = '\xFF';
    std::string expected = text.substr(0, at) + kFffd + text.substr(at + 1);
    EXPECT_EQ(decode_all(text), expected) << "bad byte at " << at;
    text.replace(at, 1, "\xC3\xA9");
    EXPECT_EQ(decode_all(text), text) << "character at " << at;
  }
}

TEST(Utf8Decoder, IncompleteTailAtTheEndBecomesOneReplacement) {
  Utf8Decoder decoder;
  EXPECT_EQ(decoder.decode("ok\xF0\x9F"), "ok");
  EXPECT_TRUE(decoder.has_pending());
  EXPECT_EQ(decoder.finish(), kFffd);
}

}  // namespace
}  // namespace tinychat
