#include "deadlines.h"

#include <algorithm>

#include "transfer.h"
#include "transfer_errors.h"

namespace tinychat::http {

std::optional<Error> overdue(Transfer& transfer, const CurlSessionOptions& options,
                             std::chrono::steady_clock::time_point now,
                             std::chrono::steady_clock::time_point& next) {
  if (options.max_time.count() > 0) {
    const auto deadline = transfer.started_at + options.max_time;
    if (deadline <= now) return max_time_exceeded(transfer.url(), options.max_time);
    next = std::min(next, deadline);
  }
  if (!transfer.connected()) {
    // Before the connection exists, the connect timeout is the one that applies. Curl times
    // each connection attempt; this one counts from the transfer's start, since an https
    // transfer that waited (PIPEWAIT) for another one's connection, which then failed, makes an
    // attempt of its own only then, and so a third one after that: one timeout after another.
    const auto deadline = transfer.started_at + options.connect_timeout;
    if (deadline <= now) {
      transfer.mark_connect_failed();
      return no_connection(transfer.url(), options.connect_timeout);
    }
    next = std::min(next, deadline);
    return std::nullopt;
  }
  const auto idle = options.idle_timeout;
  if (idle.count() <= 0) return std::nullopt;
  if (transfer.activity() != transfer.activity_seen) {
    transfer.activity_seen = transfer.activity();
    transfer.bytes_at_last_activity = transfer.bytes_received();
    transfer.last_activity = now;
  }
  const auto deadline = transfer.last_activity + idle;
  if (deadline <= now) {
    const bool only_padding = transfer.bytes_received() != transfer.bytes_at_last_activity;
    return idle_timeout(transfer.url(), idle, only_padding);
  }
  next = std::min(next, deadline);
  return std::nullopt;
}

}  // namespace tinychat::http
