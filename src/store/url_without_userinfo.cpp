#include "url_without_userinfo.h"

namespace tinychat::store {

std::string url_without_userinfo(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  const std::size_t authority = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const std::size_t authority_end = url.find_first_of("/?#", authority);
  const std::string_view host_part =
      url.substr(authority, authority_end == std::string_view::npos ? std::string_view::npos
                                                                    : authority_end - authority);
  // The last '@': a password may hold '@' itself.
  const std::size_t at = host_part.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  std::string cleaned(url.substr(0, authority));
  cleaned += url.substr(authority + at + 1);
  return cleaned;
}

}  // namespace tinychat::store
