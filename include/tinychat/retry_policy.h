#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "tinychat/visibility.h"

namespace tinychat {

/// A retry about to happen, for the user to hear of.
struct TINYCHAT_API RetryNotice {
  /// Why, in words: "rate limited by openai", "openai answered 503", "could not connect to
  /// openai".
  std::string reason;
  std::string provider;  ///< The provider's or endpoint's name.
  int status = 0;        ///< The HTTP status that caused it; 0 for a failed connection.
  std::chrono::milliseconds wait{0};  ///< Before the request goes out again.
  int attempt = 1;                    ///< This retry's number, from 1...
  int of = 1;                         ///< ...to the most the policy allows.

  /// "rate limited by openai; retrying in 3 s (1/2)".
  std::string message() const;
};

/// Runs on the HTTP session's thread when a retry is decided, before its wait.
using RetryCallback = std::function<void(const RetryNotice& notice)>;

/// When ChatSession sends a request again. Only a reply that failed before its first byte of
/// answer is retried: a status of 429, 408, 409 or 5xx, or a connection that could not be made.
/// Once any byte of the answer has arrived it never is: that would duplicate text.
struct RetryPolicy {
  int max_retries = 2;  ///< 0: never retry.
  /// The backoff without a word from the server: first_delay, doubling with each retry up to
  /// max_delay, each wait scaled by a random factor from 0.8 to 1.2 (jitter, so that clients
  /// turned away together do not all come back together), and never above max_delay.
  std::chrono::milliseconds first_delay{500};
  std::chrono::milliseconds max_delay{8'000};
  /// The longest wait taken from the server (Retry-After, retry-after-ms). A server asking for
  /// more gets no retry: the turn fails at once and its error says when to try again.
  std::chrono::milliseconds max_server_wait{60'000};
  /// A number in [0, 1) for the jitter; empty: a random one. Tests pass their own.
  std::function<double()> random = nullptr;
  /// Hears of each retry (the CLI prints it on standard error); may be empty.
  RetryCallback on_retry = nullptr;
};

}  // namespace tinychat
