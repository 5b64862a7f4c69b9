#include "base_url_check.h"

#include <algorithm>
#include <cctype>

#include "base/url_authority.h"

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
  const UrlAuthority authority = url_authority(shown);
  if (const std::size_t colon = authority.user_info.find(':'); colon != std::string_view::npos) {
    const auto password =
        static_cast<std::size_t>(authority.user_info.data() - shown.data()) + colon + 1;
    shown.replace(password, authority.user_info.size() - colon - 1, "...");
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
  const std::string_view host_port = url_authority(url).host_port;
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
