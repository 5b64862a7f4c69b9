// libFuzzer target for the stream parsers. Beyond "no crash", it checks that every dispatched
// field is valid UTF-8, and that feeding the input in two pieces, cut where the first byte
// says, gives exactly the events that feeding it whole gives.
//   cmake -B build-fuzz -DTINYCHAT_BUILD_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ && \
//   cmake --build build-fuzz --target sse_parser_fuzz && build-fuzz/tests/fuzz/sse_parser_fuzz
//   -max_total_time=60
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/ndjson_framer.h"
#include "tinychat/sse_parser.h"
#include "tinychat/utf8_decoder.h"

namespace {

bool is_valid_utf8(std::string_view text) {
  tinychat::Utf8Decoder decoder;
  // A valid input comes back as itself; anything else would have been rewritten.
  const std::string_view out = decoder.decode(text);
  return out.data() == text.data() && out.size() == text.size() && !decoder.has_pending();
}

void check(bool condition) {
  if (!condition) std::abort();
}

std::vector<std::string> parse_sse(std::string_view input, std::size_t cut) {
  tinychat::SseParser parser(tinychat::SseParserOptions{4096});
  std::vector<std::string> events;
  auto collect = [&](const tinychat::SseEvent& e) {
    check(is_valid_utf8(e.type) && is_valid_utf8(e.data) && is_valid_utf8(e.id));
    events.push_back(std::string(e.type) + '\x1f' + std::string(e.data) + '\x1f' +
                     std::string(e.id));
    return true;
  };
  parser.feed(input.substr(0, cut), collect);
  parser.feed(input.substr(cut), collect);
  parser.finish();
  return events;
}

std::vector<std::string> frame_ndjson(std::string_view input, std::size_t cut) {
  tinychat::NdjsonFramer framer(4096);
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) {
    check(is_valid_utf8(line));
    lines.emplace_back(line);
    return true;
  };
  framer.feed(input.substr(0, cut), collect);
  framer.feed(input.substr(cut), collect);
  framer.finish(collect);
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t cut = input.empty() ? 0 : data[0] % (input.size() + 1);
  check(parse_sse(input, 0) == parse_sse(input, cut));
  check(frame_ndjson(input, 0) == frame_ndjson(input, cut));
  return 0;
}
