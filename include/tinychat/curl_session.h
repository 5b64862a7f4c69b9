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
  /// Longest silence allowed once connected; zero means no limit. Silence is no byte received,
  /// or, in a streamed body, only pieces the body callback called padding (keep-alive comments):
  /// bytes that carry nothing do not keep a reply alive. Reasoning models can think for minutes
  /// before their first token, hence the generous default.
  std::chrono::milliseconds idle_timeout{300'000};
  /// Longest time one transfer may take from its start (after HttpRequest::start_delay) to its
  /// last byte, like curl's --max-time; zero means no limit. A retry is a transfer of its own.
  std::chrono::milliseconds max_time{0};
  /// Upper bound for HttpResult::body (error bodies, unstreamed responses).
  std::size_t max_collected_body = 8u << 20;
  /// Sent as User-Agent; empty means "tinychat/<version>".
  std::string user_agent;
  /// PEM file of the certificate authorities that TLS servers are verified against, instead of
  /// the system's bundle (a company's private CA); empty: the system's. resolve_ca_certificates
  /// fills it from --cacert, CURL_CA_BUNDLE, SSL_CERT_FILE or the config file.
  std::string ca_file;
  /// Folder of CA certificates named by their subject hash (`openssl rehash`), searched besides
  /// the bundle; several may be joined by ':'. Empty: none. From SSL_CERT_DIR.
  std::string ca_dir;
};

/// Session over libcurl's multi interface: one thread drives every transfer of this session.
/// TLS peers are always verified (against CurlSessionOptions::ca_file and ca_dir when set);
/// proxies come from the usual environment variables
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
