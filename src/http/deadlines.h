#pragma once

#include <chrono>
#include <optional>

#include "tinychat/curl_session.h"
#include "tinychat/error.h"

namespace tinychat::http {

class Transfer;

/// The error for a running transfer past one of its deadlines: the whole-reply limit
/// (CurlSessionOptions::max_time, from its start), the connect timeout (from its start, while
/// it has no connection) or the idle timeout (from its last activity that was not padding).
/// Otherwise nullopt, with `next` moved to its nearest deadline, so that the loop sleeps until
/// then. Loop thread only: it updates the transfer's idle bookkeeping.
std::optional<Error> overdue(Transfer& transfer, const CurlSessionOptions& options,
                             std::chrono::steady_clock::time_point now,
                             std::chrono::steady_clock::time_point& next);

}  // namespace tinychat::http
