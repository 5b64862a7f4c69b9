#include "curl_global.h"

#include <curl/curl.h>

#include <stdexcept>

namespace tinychat::http {

void ensure_curl_global_init() {
  // A function-local static is initialised exactly once even with racing threads. There is no
  // matching curl_global_cleanup: other parts of the process may still use libcurl at exit.
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) throw std::runtime_error("libcurl failed to initialise");
}

}  // namespace tinychat::http
