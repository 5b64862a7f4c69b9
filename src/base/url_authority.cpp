#include "base/url_authority.h"

#include <cctype>

namespace tinychat {

UrlAuthority url_authority(std::string_view url) {
  UrlAuthority parts;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return parts;
  std::string_view authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  const std::size_t at = authority.rfind('@');
  parts.has_user_info = at != std::string_view::npos;
  parts.user_info = parts.has_user_info ? authority.substr(0, at) : std::string_view();
  parts.host_port = parts.has_user_info ? authority.substr(at + 1) : authority;
  return parts;
}

std::string url_host(std::string_view url) {
  const std::string_view host_port = url_authority(url).host_port;
  std::string host(host_port.substr(0, host_port.find(':')));
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

}  // namespace tinychat
