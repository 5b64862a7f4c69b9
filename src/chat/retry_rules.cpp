#include "retry_rules.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>
#include <random>

#include "base/duration_text.h"

namespace tinychat {

namespace {

using std::chrono::milliseconds;

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::optional<milliseconds> milliseconds_header(const HttpResult& http) {
  const auto value = http.header("retry-after-ms");
  if (!value) return std::nullopt;
  double ms = -1;
  const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), ms);
  if (error != std::errc() || end != value->data() + value->size() || !(ms >= 0)) {
    return std::nullopt;
  }
  return milliseconds(static_cast<long long>(std::ceil(std::min(ms, 1e12))));
}

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the only HTTP date format servers send now.
std::optional<std::chrono::system_clock::time_point> http_date(std::string_view text) {
  std::tm parts{};
  const std::string copy(text);
  const char* end = ::strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(::timegm(&parts));
}

double random_fraction() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// first_delay doubled per retry so far, capped, then scaled by 0.8 to 1.2.
milliseconds backoff(const RetryPolicy& policy, int retries_done) {
  const double cap = static_cast<double>(policy.max_delay.count());
  const double nominal = std::min(
      cap, static_cast<double>(policy.first_delay.count()) * std::exp2(std::min(retries_done, 30)));
  const double fraction = std::clamp(policy.random ? policy.random() : random_fraction(), 0.0, 1.0);
  return milliseconds(std::llround(std::min(cap, nominal * (0.8 + 0.4 * fraction))));
}

std::string reason_for(const HttpResult& http, const std::string& provider) {
  if (http.error) return "could not connect to " + provider;
  if (http.status == 429) return "rate limited by " + provider;
  return provider + " answered " + std::to_string(http.status);
}

}  // namespace

bool is_retryable_status(int status) {
  return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

std::optional<milliseconds> requested_wait(const HttpResult& http,
                                           std::chrono::system_clock::time_point now) {
  if (auto ms = milliseconds_header(http)) return ms;
  const auto value = http.header("retry-after");
  if (!value) return std::nullopt;
  if (all_digits(*value)) {
    long long seconds = 0;
    const auto [end, error] =
        std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (error != std::errc() || seconds > 1'000'000'000) return milliseconds::max();
    return milliseconds(seconds * 1000);
  }
  if (auto date = http_date(*value)) {
    return std::max(milliseconds(0), std::chrono::ceil<milliseconds>(*date - now));
  }
  return std::nullopt;
}

std::string requested_wait_text(const HttpResult& http) {
  if (auto ms = milliseconds_header(http)) return format_duration(*ms);
  const auto value = http.header("retry-after");
  if (!value || value->empty()) return {};
  return all_digits(*value) ? std::string(*value) + " s" : std::string(*value);
}

std::optional<RetryNotice> plan_retry(const HttpResult& http, bool answer_started,
                                      const RetryPolicy& policy, int retries_done,
                                      const std::string& provider,
                                      std::chrono::system_clock::time_point now) {
  if (answer_started || retries_done >= policy.max_retries) return std::nullopt;
  if (http.error) {
    // Only a request that certainly never reached the server: one that did may have been
    // answered (and billed) already.
    if (!http.connect_failed || http.error.code == ErrorCode::cancelled) return std::nullopt;
  } else if (http.is_success() || !is_retryable_status(http.status)) {
    return std::nullopt;
  }
  milliseconds wait{};
  if (const auto asked = http.error ? std::nullopt : requested_wait(http, now)) {
    if (*asked > policy.max_server_wait) return std::nullopt;  // Its error says when instead.
    wait = *asked;
  } else {
    wait = backoff(policy, retries_done);
  }
  RetryNotice notice;
  notice.reason = reason_for(http, provider);
  notice.provider = provider;
  notice.status = http.error ? 0 : http.status;
  notice.wait = wait;
  notice.attempt = retries_done + 1;
  notice.of = policy.max_retries;
  return notice;
}

std::string RetryNotice::message() const {
  return reason + "; retrying in " + format_duration(wait) + " (" + std::to_string(attempt) + "/" +
         std::to_string(of) + ")";
}

}  // namespace tinychat
