#pragma once

// The HTTP/2 side of LoopbackServer (private to tests/support): ALPN that offers "h2", and a
// connection that replays scripted replies over it with libnghttp2's server session, each
// stream on its own timeline.

#include <cstddef>
#include <functional>

#include "support/loopback_server.h"
#include "support/loopback_wire.h"

namespace tinychat::testing::loopback {

/// Makes a TLS server context offer "h2" and "http/1.1" (ALPN), preferring h2; a client that
/// offers neither still gets a connection, without a protocol agreed (HTTP/1.1 then).
void offer_http2(ssl_ctx_st* context);

/// What a connection needs from its server.
struct Http2Hooks {
  /// Records a complete request and returns the reply to play for it.
  std::function<Reply(RecordedRequest)> answer;
  /// A reply has ended: sent whole, cut short by its fault, or by the client or the connection.
  std::function<void()> reply_done;
};

/// Serves HTTP/2 on `wire` (after a TLS handshake that agreed on "h2") until the client goes
/// away, a fault ends the connection, or the server stops. Requests are recorded with version
/// "HTTP/2" and connection `index`. Each stream's reply runs on its own timeline: a pause, a
/// stall or a gate of one stream holds back no other. Each body piece is one DATA frame (more
/// if it exceeds the client's frame size), written out before the next piece's timeline
/// starts. Faults: `drop_after` resets the stream (RST_STREAM INTERNAL_ERROR) and leaves the
/// connection and its other streams alone, with `reset_on_drop` the whole connection is closed
/// with a TCP reset instead; `hang_up` resets the stream before any response; `close_connection`
/// sends GOAWAY once the reply has been sent and closes the connection when its last stream
/// ends. The body ends with the stream, whatever `framing` says, which only adds a
/// content-length header for Framing::content_length; reasons and connection-specific headers
/// (Connection, Transfer-Encoding, Keep-Alive) have no place in HTTP/2 and are left out.
void serve_http2(Wire& wire, std::size_t index, const Http2Hooks& hooks);

}  // namespace tinychat::testing::loopback
