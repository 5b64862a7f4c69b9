#include "tinychat/http_types.h"

#include <algorithm>
#include <cctype>

namespace tinychat {

namespace {
bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(
      a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}
}  // namespace

std::optional<std::string_view> HttpResult::header(std::string_view name) const {
  for (const HttpHeader& h : headers) {
    if (equals_ignoring_case(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

}  // namespace tinychat
