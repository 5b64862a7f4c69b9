#pragma once

#include <curl/curl.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/error.h"
#include "url_parts.h"

namespace tinychat::http {

/// What is known about a failed transfer when its message is written.
struct FailureContext {
  const UrlParts& url;
  std::string_view curl_message;  ///< CURLOPT_ERRORBUFFER; may be empty.
  long os_errno = 0;              ///< CURLINFO_OS_ERRNO.
  bool response_started = false;  ///< A status line had arrived.
  std::chrono::milliseconds connect_timeout{0};
  /// The proxy variable in force for this URL ("https_proxy"), or "" for none.
  std::string_view proxy_variable;
};

/// The error for a transfer that libcurl ended with `code` (not CURLE_OK).
Error curl_failure(CURLcode code, const FailureContext& context);

/// The error for a transfer that had no connection `connect_timeout` after its start.
Error no_connection(const UrlParts& url, std::chrono::milliseconds connect_timeout);

/// The error for a transfer that received nothing for `idle`; `only_padding`: bytes came, but
/// the receiver called them all padding (keep-alive comments, empty events).
Error idle_timeout(const UrlParts& url, std::chrono::milliseconds idle, bool only_padding);

/// The error for a transfer still running `max_time` after its start.
Error max_time_exceeded(const UrlParts& url, std::chrono::milliseconds max_time);

/// The proxy variable curl takes for a request with this scheme (https_proxy, HTTPS_PROXY,
/// all_proxy, ALL_PROXY; http_proxy for http), or "" when none is set.
std::string proxy_variable(std::string_view scheme);

}  // namespace tinychat::http
