#include "tinychat/curl_session.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

#include "curl_global.h"
#include "deadlines.h"
#include "handover.h"
#include "socket_events.h"
#include "transfer.h"

namespace tinychat {

namespace {

using Clock = std::chrono::steady_clock;
using http::Handover;
using http::Transfer;

// With nothing to time, the loop sleeps until woken (a post, a cancel); this cap only bounds the
// damage of a lost wake-up.
constexpr int kIdlePollMs = 60'000;

Error cancelled_error() { return Error(ErrorCode::cancelled, "cancelled"); }

}  // namespace

// Hidden, though CurlSession is exported: its members are no part of the API.
struct TINYCHAT_NO_EXPORT CurlSession::Impl {
  explicit Impl(CurlSessionOptions opts) : options(std::move(opts)) {
    http::ensure_curl_global_init();
    multi = curl_multi_init();
    if (multi == nullptr) throw std::runtime_error("libcurl could not create a multi handle");
    // HTTP/2 where a TLS server offers it (ALPN), with every stream to one host multiplexed
    // over one connection: several answers at once from one provider share a connection.
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    // The multi handle shares connections and DNS; TLS sessions are each easy handle's own
    // unless shared like this. Shared, a new connection to a server (one that closed the idle
    // one between two turns of a chat) resumes the session instead of a full handshake. Only the
    // loop thread uses it (add() attaches it), so it needs no lock.
    share = curl_share_init();
    if (share != nullptr) curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    events = std::make_unique<http::SocketEvents>(multi);
    handover = std::make_shared<Handover>(events->wake_fd());
    thread = std::thread([this] { run(); });
  }

  ~Impl() {
    handover->stop();
    thread.join();
    handover->detach();
    curl_multi_cleanup(multi);
    events.reset();  // After the cleanup, which may still report sockets to remove.
    // Every easy handle is gone by now (the loop ended them all), so none still uses it.
    if (share != nullptr) curl_share_cleanup(share);
  }

  void run();
  void start(std::unique_ptr<Transfer> transfer);
  void add(Transfer* transfer);  // Into the multi handle: curl starts it.
  void finish(Transfer* transfer, CURLcode code);
  void finish(Transfer* transfer, Error error);
  void release(Transfer* transfer);
  void collect_completed();
  // Hands each transfer what this pass received for it, in one piece.
  void deliver_received();
  // After libcurl ran: delivers what arrived, then ends what completed.
  void after_curl();
  // Starts delayed transfers that are due and ends those past a deadline (idle, max_time);
  // returns the poll timeout in ms.
  int check_timers();
  static int poll_timeout(Clock::time_point now, Clock::time_point next);

  CurlSessionOptions options;
  CURLM* multi = nullptr;
  CURLSH* share = nullptr;  // TLS sessions, for every transfer of this session.
  std::unique_ptr<http::SocketEvents> events;
  std::shared_ptr<Handover> handover;
  // Loop thread only. A flat vector: check_timers visits every transfer once a pass, which
  // costs little next to the wake-up itself even at 1,000 streams (bench/concurrency_bench).
  std::vector<std::unique_ptr<Transfer>> active;
  // Transfers that received streamed bytes in this pass (loop thread; each at most once).
  std::vector<Transfer*> received;
  std::thread thread;  // Last: it starts running with every other member ready.
};

void CurlSession::Impl::run() {
  Handover::Batch batch;
  int timeout_ms = 0;
  for (;;) {
    // Sockets first, then what other threads handed over: the eventfd is drained before the
    // hand-over is read, so a post in between leaves it readable and the next wait returns.
    events->wait_and_act(timeout_ms);
    after_curl();
    if (handover->take(batch)) {
      for (auto& transfer : batch.started) start(std::move(transfer));
      batch.started.clear();
      for (auto& control : batch.cancelled) {
        if (control->transfer != nullptr) finish(control->transfer, cancelled_error());
      }
      batch.cancelled.clear();
      if (batch.stop) break;
      events->act_if_due();  // Starts the transfers just added.
      after_curl();
    }
    timeout_ms = check_timers();
  }
  while (!active.empty()) {
    finish(active.back().get(), Error(ErrorCode::cancelled, "cancelled: the session was closed"));
  }
}

void CurlSession::Impl::after_curl() {
  deliver_received();
  collect_completed();
}

void CurlSession::Impl::start(std::unique_ptr<Transfer> transfer) {
  Transfer* raw = transfer.get();
  raw->set_delivery_queue(&received);
  active.push_back(std::move(transfer));
  if (raw->setup_error()) return finish(raw, *raw->setup_error());
  if (raw->control()->cancel_requested.load(std::memory_order_acquire)) {
    return finish(raw, cancelled_error());  // Cancelled before the loop saw it.
  }
  if (raw->start_delay().count() > 0) {
    // Waits in `active` without its handle in the multi: a cancel finds it there as usual, and
    // the loop's poll timeout wakes it (check_timers).
    raw->start_at = Clock::now() + raw->start_delay();
    return;
  }
  add(raw);
}

void CurlSession::Impl::add(Transfer* transfer) {
  if (share != nullptr) curl_easy_setopt(transfer->easy(), CURLOPT_SHARE, share);
  if (curl_multi_add_handle(multi, transfer->easy()) != CURLM_OK) {
    return finish(transfer, Error(ErrorCode::network, "libcurl could not start the transfer"));
  }
  transfer->added = true;
  transfer->started_at = Clock::now();
}

void CurlSession::Impl::deliver_received() {
  // Before collect_completed: a transfer that ended in this pass gets its last bytes first, and
  // none on the list has been released yet.
  for (Transfer* transfer : received) {
    transfer->left_delivery_queue();
    if (!transfer->deliver_received()) finish(transfer, transfer->take_stop_error());
  }
  received.clear();
}

void CurlSession::Impl::collect_completed() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    char* pointer = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &pointer);
    // Read the code before removing the handle: the message is invalid afterwards.
    finish(reinterpret_cast<Transfer*>(pointer), message->data.result);
  }
}

void CurlSession::Impl::finish(Transfer* transfer, CURLcode code) {
  if (transfer->added) curl_multi_remove_handle(multi, transfer->easy());
  transfer->added = false;
  transfer->complete(code);
  release(transfer);
}

void CurlSession::Impl::finish(Transfer* transfer, Error error) {
  if (transfer->added) {
    // Ended here, not by curl (a cancel, a deadline, the receiver): the server must learn that
    // nobody reads on, or it goes on generating the answer. HTTP/1.1 closes the connection
    // anyway. On HTTP/2 libcurl 7.88 queues the stream's RST_STREAM but sends it only when the
    // connection is next used; so a connection that no other transfer uses is closed instead
    // (one that others use sends it with their traffic).
    curl_easy_setopt(transfer->easy(), CURLOPT_FORBID_REUSE, 1L);
    curl_multi_remove_handle(multi, transfer->easy());
  }
  transfer->added = false;
  transfer->complete(std::move(error));
  release(transfer);
}

void CurlSession::Impl::release(Transfer* transfer) {
  const auto it = std::ranges::find(active, transfer, &std::unique_ptr<Transfer>::get);
  if (it == active.end()) return;
  std::iter_swap(it, active.end() - 1);
  active.pop_back();
}

int CurlSession::Impl::check_timers() {
  if (active.empty()) return kIdlePollMs;
  const Clock::time_point now = Clock::now();
  Clock::time_point next = now + std::chrono::milliseconds(kIdlePollMs);
  std::vector<Transfer*> due;
  std::vector<std::pair<Transfer*, Error>> expired;
  for (const auto& transfer : active) {
    if (!transfer->added) {  // Waiting for its start delay.
      if (transfer->start_at <= now) {
        due.push_back(transfer.get());
      } else {
        next = std::min(next, transfer->start_at);
      }
    } else if (std::optional<Error> error = http::overdue(*transfer, options, now, next)) {
      expired.emplace_back(transfer.get(), std::move(*error));
    }
  }
  for (auto& [transfer, error] : expired) finish(transfer, std::move(error));
  for (Transfer* transfer : due) add(transfer);
  // Let curl run once more (start what is due, tidy up what ended) before sleeping.
  if (!due.empty() || !expired.empty()) return 0;
  return poll_timeout(now, next);
}

int CurlSession::Impl::poll_timeout(Clock::time_point now, Clock::time_point next) {
  // Round up, so that the loop does not wake a hair early and spin until the deadline.
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - now);
  return static_cast<int>(std::clamp<std::int64_t>(wait.count(), 1, kIdlePollMs));
}

CurlSession::CurlSession(CurlSessionOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

CurlSession::~CurlSession() = default;

PendingResponse CurlSession::post(const HttpRequest& request, BodyCallback on_body,
                                  CompletionCallback on_done) {
  auto transfer = std::make_unique<Transfer>(request, std::move(on_body), std::move(on_done),
                                             impl_->options, impl_->handover);
  PendingResponse pending = transfer->pending();
  impl_->handover->start(std::move(transfer));
  return pending;
}

}  // namespace tinychat
