#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "tinychat/session.h"
#include "tinychat/visibility.h"

namespace tinychat {

struct CurlSessionOptions {
  /// Time allowed to resolve, connect and finish the TLS handshake.
  std::chrono::milliseconds connect_timeout{15'000};
  /// Longest silence allowed once connected (no byte received); zero means no limit. Reasoning
  /// models can think for minutes before their first token, hence the generous default.
  std::chrono::milliseconds idle_timeout{300'000};
  /// Upper bound for HttpResult::body (error bodies, unstreamed responses).
  std::size_t max_collected_body = 8u << 20;
  /// Sent as User-Agent; empty means "tinychat/<version>".
  std::string user_agent;
};

/// Session over libcurl's multi interface: one thread drives every transfer of this session.
/// TLS peers are always verified; proxies come from the usual environment variables
/// (https_proxy, http_proxy, no_proxy, all_proxy).
class TINYCHAT_API CurlSession final : public Session {
 public:
  explicit CurlSession(CurlSessionOptions options = {});
  /// Cancels the transfers still running, completes their futures, and joins the thread.
  ~CurlSession() override;
  CurlSession(const CurlSession&) = delete;
  CurlSession& operator=(const CurlSession&) = delete;

  PendingResponse post(const HttpRequest& request, BodyCallback on_body,
                       CompletionCallback on_done) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tinychat
