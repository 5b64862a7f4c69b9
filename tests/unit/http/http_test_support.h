#pragma once

// What the CurlSession tests share: a JSON POST to a loopback URL, and the body pieces a
// transfer delivered.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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

}  // namespace tinychat::testing
