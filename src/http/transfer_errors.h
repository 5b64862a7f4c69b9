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
};

/// The error for a transfer that libcurl ended with `code` (not CURLE_OK).
Error curl_failure(CURLcode code, const FailureContext& context);

/// The error for a transfer that received nothing for `idle`; `only_padding`: bytes came, but
/// the receiver called them all padding (keep-alive comments, empty events).
Error idle_timeout(const UrlParts& url, std::chrono::milliseconds idle, bool only_padding);

/// The error for a transfer still running `max_time` after its start.
Error max_time_exceeded(const UrlParts& url, std::chrono::milliseconds max_time);

/// `message` with every occurrence of each secret (of at least 4 characters) replaced, as a
/// second line of defence: the messages above are built so that they never contain one.
std::string scrub(std::string message, const std::vector<std::string_view>& secrets);

}  // namespace tinychat::http
