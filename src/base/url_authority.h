#pragma once

#include <string>
#include <string_view>

namespace tinychat {

/// The authority of a URL ("scheme://AUTHORITY/path?query#fragment"), split at its last '@'.
/// Views into the URL; all empty when it has no "://".
struct UrlAuthority {
  bool has_user_info = false;
  std::string_view user_info;  ///< "user:password", as written (percent-encoded).
  std::string_view host_port;  ///< "host" or "host:port".
};

/// One reading of a URL's authority for every layer that needs it: the credentials to redact,
/// the host a base URL names, the password to hide when a URL is shown.
UrlAuthority url_authority(std::string_view url);

/// The host of `url`, lower-cased, without port or user-info ("https://u@API.openai.com:443/v1"
/// -> "api.openai.com").
std::string url_host(std::string_view url);

}  // namespace tinychat
