#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <string_view>

#include "tinychat/http_types.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// What a body callback says of one piece: whether to go on, and whether the piece moved the
/// reply forward. A bool converts to it (true: go on, and the piece counts), so a callback that
/// only decides whether to continue returns true or false as it always did.
struct BodyVerdict {
  bool keep_going = true;
  /// False when the piece held nothing but padding (SSE comments, empty events): it then does not
  /// reset the idle timeout, so a server that only keeps the connection alive still times out.
  bool progress = true;

  BodyVerdict(bool go_on = true) : keep_going(go_on) {}  // NOLINT: implicit on purpose
  /// Go on, but the piece was only padding.
  static BodyVerdict padding() {
    BodyVerdict verdict;
    verdict.progress = false;
    return verdict;
  }
  explicit operator bool() const { return keep_going; }
};

/// Receives a 2xx body piece by piece as it arrives. CurlSession hands over everything one pass of
/// its loop received for the transfer as one piece (many HTTP chunks, in order). Return false to
/// stop the transfer (it then completes with ErrorCode::cancelled), BodyVerdict::padding() for a
/// piece that carried nothing.
using BodyCallback = std::function<BodyVerdict(std::string_view piece)>;
/// Runs once when the transfer ends, with the result the future will hold.
using CompletionCallback = std::function<void(const HttpResult& result)>;

/// A response on its way: a future for the whole result, and a way to stop it. Move-only.
class TINYCHAT_API PendingResponse {
 public:
  PendingResponse() = default;
  PendingResponse(std::future<HttpResult> result, std::function<void()> cancel);
  /// A response that is already complete (for tests and for requests refused up front).
  static PendingResponse ready(HttpResult result);

  PendingResponse(PendingResponse&&) noexcept = default;
  PendingResponse& operator=(PendingResponse&&) noexcept = default;

  bool valid() const { return result_.valid(); }
  /// Blocks until the transfer ends. Call once.
  HttpResult get() { return result_.get(); }
  template <class Rep, class Period>
  std::future_status wait_for(std::chrono::duration<Rep, Period> timeout) const {
    return result_.wait_for(timeout);
  }
  /// Asks the transfer to stop; it completes with ErrorCode::cancelled unless it had already
  /// ended. Safe to call more than once and from any thread.
  void cancel() const {
    if (cancel_) cancel_();
  }

 private:
  std::future<HttpResult> result_;
  std::function<void()> cancel_;
};

/// The HTTP session: the counterpart of requests_futures.FuturesSession. An interface, so that
/// tests can put a GoogleMock in its place (tests/mocks/mock_session.h).
class TINYCHAT_API Session {
 public:
  virtual ~Session() = default;

  /// Starts `request` (POST unless request.method says otherwise) and returns at once.
  /// `on_body` receives a 2xx body piece by piece; any other body is collected into
  /// HttpResult::body. `on_done` runs once at the end, before the future becomes ready. Both run
  /// on the session's own thread: keep them short. Either may be empty.
  virtual PendingResponse post(const HttpRequest& request, BodyCallback on_body,
                               CompletionCallback on_done) = 0;
};

}  // namespace tinychat
