#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "handover.h"
#include "tinychat/curl_session.h"
#include "url_parts.h"

namespace tinychat::http {

/// One request on its way: the easy handle, the callbacks, and the result being built. Created
/// on the posting thread; after the hand-over only the loop thread touches it.
class Transfer {
 public:
  Transfer(const HttpRequest& request, BodyCallback on_body, CompletionCallback on_done,
           const CurlSessionOptions& options, std::weak_ptr<Handover> handover);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  /// The caller's side: the future and the cancel function. Call once, before the hand-over.
  PendingResponse pending();

  CURL* easy() const { return easy_; }
  const std::shared_ptr<TransferControl>& control() const { return control_; }
  /// Set when the request cannot be started at all; the loop then completes it at once.
  const std::optional<Error>& setup_error() const { return setup_error_; }

  /// Grows with the connection being made and with every byte received, except streamed pieces
  /// the body callback called padding, so that the loop can tell activity from silence without
  /// reading a clock per callback.
  std::uint64_t activity() const { return activity_; }
  /// Every byte received, padding included.
  std::uint64_t bytes_received() const { return bytes_received_; }
  bool connected() const { return connected_; }
  /// The transfer is ending because no connection came in time (the loop's connect deadline),
  /// so the result says the request never left, as for curl's own connect timeout.
  void mark_connect_failed() { result_.connect_failed = true; }
  /// How long the caller asked the start to wait (HttpRequest::start_delay).
  std::chrono::milliseconds start_delay() const { return start_delay_; }

  /// Idle bookkeeping, owned by the loop.
  std::uint64_t activity_seen = 0;
  std::uint64_t bytes_at_last_activity = 0;
  std::chrono::steady_clock::time_point last_activity;
  /// When the handle went into the multi handle: the start that max_time counts from.
  std::chrono::steady_clock::time_point started_at;
  /// Whether the easy handle is in the multi handle (loop thread).
  bool added = false;
  /// When a delayed transfer is to be added to the multi handle (loop thread; while !added).
  std::chrono::steady_clock::time_point start_at;

  /// Where the transfer puts itself when a streamed piece arrives and none was waiting, so that
  /// the loop delivers what one pass received in one call (deliver_received). Set by the loop.
  void set_delivery_queue(std::vector<Transfer*>* queue) { delivery_queue_ = queue; }
  /// The loop took the transfer off its delivery queue; the next piece puts it back.
  void left_delivery_queue() { queued_ = false; }
  /// Hands everything received since the last delivery to the body callback as one piece
  /// (libcurl calls back once per HTTP chunk, and servers send one event per chunk). False when
  /// the callback stopped the transfer: the loop then ends it with stop_error().
  bool deliver_received();
  /// Why a callback stopped the transfer (after deliver_received returned false).
  Error take_stop_error();

  /// Ends the transfer after libcurl finished it with `code`.
  void complete(CURLcode code);
  /// Ends the transfer with `error` (cancelled, idle timeout...) or success when empty.
  void complete(Error error);

  const UrlParts& url() const { return url_; }

 private:
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* self);
  static int on_prereq(void* self, char* conn_primary_ip, char* conn_local_ip,
                       int conn_primary_port, int conn_local_port);
  void header_line(std::string_view line);
  std::size_t body_piece(std::string_view piece);
  /// Calls the body callback with `piece`; false (and stop_error_ set) when it stopped.
  bool hand_to_receiver(std::string_view piece);
  void configure(const HttpRequest& request, const CurlSessionOptions& options);
  void remember_secrets(const HttpRequest& request);

  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string body_;
  UrlParts url_;
  BodyCallback on_body_;
  CompletionCallback on_done_;
  std::size_t max_collected_body_;
  std::chrono::milliseconds connect_timeout_;
  std::chrono::milliseconds start_delay_;
  std::shared_ptr<TransferControl> control_;
  std::promise<HttpResult> promise_;
  HttpResult result_;
  std::optional<Error> setup_error_;
  std::optional<Error> stop_error_;  // Why a callback stopped the transfer.
  std::string received_;             // Streamed bytes of this pass, not yet delivered.
  std::vector<Transfer*>* delivery_queue_ = nullptr;
  bool queued_ = false;  // On delivery_queue_: at most once, so that no entry outlives it.
  std::uint64_t activity_ = 0;
  std::uint64_t bytes_received_ = 0;
  bool connected_ = false;
  bool streaming_ = false;  // The final status is 2xx and there is a body callback.
  bool response_started_ = false;
  char curl_message_[CURL_ERROR_SIZE] = {};
  std::vector<std::string> secrets_;  // redacted from every message and error body
  std::string proxy_variable_;        // e.g. "https_proxy"; "" when no proxy applies
};

}  // namespace tinychat::http
