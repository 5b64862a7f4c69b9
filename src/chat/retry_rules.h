#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "tinychat/http_types.h"
#include "tinychat/retry_policy.h"

namespace tinychat {

/// Statuses that say "not now" rather than "not so": 408, 409, 429 and 5xx.
bool is_retryable_status(int status);

/// How long the server asked the client to wait before sending again: retry-after-ms (OpenAI,
/// Azure), else Retry-After in seconds or as an HTTP date (counted from `now`; a date passed is
/// no wait). nullopt when it said neither, or nothing readable.
std::optional<std::chrono::milliseconds> requested_wait(const HttpResult& http,
                                                        std::chrono::system_clock::time_point now);

/// That wait as the server gave it, for an error message: "20 s", "1.5 s", or the HTTP date as
/// sent; "" when there is none.
std::string requested_wait_text(const HttpResult& http);

/// Whether the failed attempt `http` is sent again under `policy` after `retries_done` retries,
/// and after what wait: nullopt for no. `answer_started`: a byte of the answer reached the
/// turn, which rules a retry out.
std::optional<RetryNotice> plan_retry(const HttpResult& http, bool answer_started,
                                      const RetryPolicy& policy, int retries_done,
                                      const std::string& provider,
                                      std::chrono::system_clock::time_point now);

}  // namespace tinychat
