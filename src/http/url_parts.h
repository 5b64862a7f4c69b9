#pragma once

#include <string>
#include <string_view>

namespace tinychat::http {

/// The parts of a request URL that may appear in messages. User names, passwords, the query
/// (Gemini puts its key there) and the fragment are left out on purpose.
struct UrlParts {
  bool valid = false;
  std::string scheme;
  std::string host;
  std::string port;  ///< The scheme's default when the URL names none.
  std::string path;
  std::string query;  ///< Kept only so that messages can be scrubbed of it; never shown.

  /// "scheme://host:port/path", safe to show.
  std::string display() const;
};

/// Splits `url` with libcurl's own parser, so that it agrees with what the transfer will use.
UrlParts parse_url(const std::string& url);

}  // namespace tinychat::http
