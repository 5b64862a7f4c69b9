#include "url_parts.h"

#include <curl/curl.h>

#include <memory>

namespace tinychat::http {

namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

std::string part(CURLU* url, CURLUPart which, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, which, &text, flags) != CURLUE_OK || text == nullptr) return {};
  std::string copy(text);
  curl_free(text);
  return copy;
}

}  // namespace

std::string UrlParts::display() const { return scheme + "://" + host + ":" + port + path; }

UrlParts parse_url(const std::string& url) {
  UrlParts parts;
  std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return parts;
  }
  parts.scheme = part(handle.get(), CURLUPART_SCHEME);
  parts.host = part(handle.get(), CURLUPART_HOST);
  parts.port = part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  parts.path = part(handle.get(), CURLUPART_PATH);
  parts.query = part(handle.get(), CURLUPART_QUERY);
  parts.valid = !parts.host.empty() && (parts.scheme == "http" || parts.scheme == "https");
  return parts;
}

}  // namespace tinychat::http
