#include "base_url_check.h"

#include <algorithm>
#include <cctype>

namespace tinychat::config {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

std::string displayable_url(std::string_view url) {
  std::string shown(url.substr(0, url.find_first_of("?#")));
  if (shown.size() < url.size()) shown += url[shown.size()] == '?' ? "?..." : "#...";
  const std::size_t scheme_end = shown.find("://");
  if (scheme_end != std::string::npos) {
    const std::size_t authority_end = shown.find('/', scheme_end + 3);
    const std::size_t at = shown.rfind('@', authority_end);
    if (at != std::string::npos && at > scheme_end) {
      const std::size_t colon = shown.find(':', scheme_end + 3);
      if (colon != std::string::npos && colon < at) shown.replace(colon + 1, at - colon - 1, "...");
    }
  }
  std::string safe;
  for (char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    safe += byte < 0x20 || byte == 0x7F ? '?' : c;
  }
  return safe;
}

}  // namespace tinychat::config

namespace tinychat {

Error check_base_url(std::string_view url, std::string_view source) {
  using config::displayable_url;
  using config::starts_with_ignoring_case;
  const auto refuse = [&](std::string_view why) {
    return Error(ErrorCode::invalid_argument, "unusable base URL \"" + displayable_url(url) +
                                                  "\" (from " + std::string(source) +
                                                  "): " + std::string(why));
  };
  const bool http = starts_with_ignoring_case(url, "http://");
  if (!http && !starts_with_ignoring_case(url, "https://")) {
    return refuse("it must start with http:// or https://");
  }
  const std::string_view rest = url.substr(http ? 7 : 8);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::size_t at = authority.rfind('@');
  const std::string_view host_port =
      at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (host_port.empty() || host_port.front() == ':') return refuse("it names no host");
  if (std::ranges::any_of(url, [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20;
      })) {
    return refuse("it contains white space or a control character");
  }
  if (url.find_first_of("?#") != std::string_view::npos) {
    return refuse(
        "a base URL cannot have a query (?...) or a fragment (#...), because the API's path "
        "is appended to it; give it as e.g. http://localhost:8080/v1");
  }
  return {};
}

}  // namespace tinychat
