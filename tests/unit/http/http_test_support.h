#pragma once

// What the CurlSession tests share: a JSON POST to a loopback URL, the body pieces a transfer
// delivered, a bounded wait for its end, and transfers that must all run at once.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <future>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/loopback_server.h"
#include "tinychat/curl_session.h"

namespace tinychat::testing {

// Generous: only a broken implementation gets anywhere near it.
inline constexpr std::chrono::seconds kPatience{5};

inline HttpRequest post_to(const std::string& url, std::string body = R"({"stream":true})") {
  HttpRequest request;
  request.url = url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = std::move(body);
  return request;
}

// Pieces as the body callback saw them; written on the curl thread, read by the test.
class Pieces {
 public:
  /// A body callback that records each piece, then calls `then(index)` if given: a `then` that
  /// returns bool decides whether the transfer goes on, one that returns nothing lets it.
  template <typename Then = std::nullptr_t>
  BodyCallback callback(Then then = nullptr) {
    return [this, then = std::move(then)](std::string_view piece) {
      const std::size_t index = add(piece);
      if constexpr (std::is_same_v<Then, std::nullptr_t>) {
        return true;
      } else if constexpr (std::is_void_v<std::invoke_result_t<const Then&, std::size_t>>) {
        then(index);
        return true;
      } else {
        return static_cast<bool>(then(index));
      }
    };
  }
  std::vector<std::string> all() const {
    std::lock_guard lock(mutex_);
    return pieces_;
  }
  std::string joined() const {
    std::string bytes;
    for (const std::string& piece : all()) bytes += piece;
    return bytes;
  }

 private:
  std::size_t add(std::string_view piece) {
    std::lock_guard lock(mutex_);
    pieces_.emplace_back(piece);
    return pieces_.size() - 1;
  }

  mutable std::mutex mutex_;
  std::vector<std::string> pieces_;
};

/// The transfer's result, or a test failure (and a cancel) when it has not ended within `limit`.
inline HttpResult get_within(PendingResponse& pending,
                             std::chrono::milliseconds limit = kPatience) {
  if (pending.wait_for(limit) != std::future_status::ready) {
    ADD_FAILURE() << "the transfer did not end within " << limit.count() << " ms";
    pending.cancel();
  }
  return pending.get();
}

/// Starts `count` streamed transfers on `session` at once, to routes "/s0", "/s1"... that it
/// adds to `server`, and expects each whole body. Each reply holds its second piece until every
/// transfer has had its first, so they only end if all of them run at the same time.
inline void expect_transfers_run_together(LoopbackServer& server, CurlSession& session, int count) {
  Gate all_started;
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    server.route("/s" + n,
                 Reply::stream({"begin " + n, " end " + n}).with_gate_before(1, all_started));
  }
  std::atomic<int> started{0};
  std::vector<Pieces> pieces(static_cast<std::size_t>(count));
  std::vector<PendingResponse> pending;
  for (int i = 0; i < count; ++i) {
    pending.push_back(session.post(post_to(server.url("/s" + std::to_string(i))),
                                   pieces[i].callback([&](std::size_t index) {
                                     if (index == 0 && ++started == count) all_started.open();
                                   }),
                                   {}));
  }
  for (int i = 0; i < count; ++i) {
    const HttpResult result = get_within(pending[i]);
    EXPECT_TRUE(result.is_success()) << result.error.message;
    const std::string n = std::to_string(i);
    EXPECT_EQ(pieces[i].joined(), "begin " + n + " end " + n);
  }
  EXPECT_EQ(started, count);
}

}  // namespace tinychat::testing
