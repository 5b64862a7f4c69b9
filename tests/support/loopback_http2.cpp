#include "support/loopback_http2.h"

#include <nghttp2/nghttp2.h>
#include <openssl/ssl.h>
#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "support/loopback_timeline.h"

namespace tinychat::testing::loopback {

namespace {

using Clock = std::chrono::steady_clock;
using Step = ReplyTimeline::Step;

constexpr std::size_t kMaxBody = 64 << 20;
constexpr int kPollSliceMs = 100;  // Upper bound on any single wait, whatever else happens.

// "h2" first: the server's preference decides.
constexpr unsigned char kProtocols[] = "\x02h2\x08http/1.1";

int select_protocol(SSL*, const unsigned char** out, unsigned char* out_size,
                    const unsigned char* offered, unsigned int offered_size, void*) {
  unsigned char* chosen = nullptr;
  if (SSL_select_next_proto(&chosen, out_size, kProtocols, sizeof kProtocols - 1, offered,
                            offered_size) != OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_NOACK;
  }
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// HTTP/2 forbids the headers that describe an HTTP/1.1 connection (RFC 9113, 8.2.2); a client
// treats a response that carries one as malformed.
bool connection_specific(std::string_view lower_name) {
  return lower_name == "connection" || lower_name == "transfer-encoding" ||
         lower_name == "keep-alive" || lower_name == "proxy-connection" || lower_name == "upgrade";
}

// Name/value pairs that nghttp2 copies when the frame is submitted.
class HeaderBlock {
 public:
  explicit HeaderBlock(int status) { add(":status", std::to_string(status)); }
  void add(std::string name, std::string value) {
    names_.push_back(std::move(name));
    values_.push_back(std::move(value));
  }
  void add_all(const std::vector<HttpHeader>& headers) {
    for (const HttpHeader& h : headers) {
      std::string name = lowercase(h.name);
      if (!connection_specific(name)) add(std::move(name), h.value);
    }
  }
  std::vector<nghttp2_nv> pairs() const {
    std::vector<nghttp2_nv> nva;
    for (std::size_t i = 0; i < names_.size(); ++i) {
      nva.push_back({reinterpret_cast<uint8_t*>(const_cast<char*>(names_[i].data())),
                     reinterpret_cast<uint8_t*>(const_cast<char*>(values_[i].data())),
                     names_[i].size(), values_[i].size(), NGHTTP2_NV_FLAG_NONE});
    }
    return nva;
  }

 private:
  std::deque<std::string> names_;  // A deque: adding never moves the strings already there.
  std::deque<std::string> values_;
};

// One HTTP/2 connection: the nghttp2 session, the bytes on their way out, and every stream's
// request and reply. Single-threaded: the connection's thread alone runs it.
class Http2Connection {
 public:
  Http2Connection(Wire& wire, std::size_t index, const Http2Hooks& hooks);
  ~Http2Connection();
  Http2Connection(const Http2Connection&) = delete;
  Http2Connection& operator=(const Http2Connection&) = delete;

  void run();

 private:
  struct Stream {
    RecordedRequest request;
    bool complete = false;  // The whole request has arrived and the reply is playing.
    Reply reply;
    std::optional<ReplyTimeline> timeline;
    bool played = false;           // The timeline has nothing more to do.
    std::deque<std::string> data;  // Pieces handed to the data source, not yet framed.
    std::size_t taken = 0;         // Bytes of data.front() already framed.
    bool body_ended = false;       // Once `data` is empty, the data source ends the stream.
    bool deferred = false;         // The data source is waiting for nghttp2_session_resume_data.
  };

  static Http2Connection& self(void* user_data) {
    return *static_cast<Http2Connection*>(user_data);
  }
  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user_data);
  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                       size_t name_size, const uint8_t* value, size_t value_size, uint8_t,
                       void* user_data);
  static int on_data_chunk(nghttp2_session*, uint8_t, int32_t id, const uint8_t* data, size_t size,
                           void* user_data);
  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data);
  static int on_stream_close(nghttp2_session*, int32_t id, uint32_t, void* user_data);
  static ssize_t read_body(nghttp2_session*, int32_t id, uint8_t* buffer, size_t size,
                           uint32_t* flags, nghttp2_data_source*, void* user_data);

  void start_reply(Stream& stream);
  // Reads what has arrived; false once the connection is over (end of stream, error).
  bool receive();
  // Writes what nghttp2 has to send, as far as the socket takes it; false on failure.
  bool flush();
  // Takes every stream's due steps; true when one of them gave nghttp2 something to send.
  bool advance(Clock::time_point now);
  bool take_step(int32_t id, Stream& stream, Step step);
  void queue_piece(int32_t id, Stream& stream, std::string piece);
  void end_body(int32_t id, Stream& stream);
  int poll_timeout(Clock::time_point now) const;

  Wire& wire_;
  std::size_t index_;
  const Http2Hooks& hooks_;
  nghttp2_session* session_ = nullptr;
  std::map<int32_t, Stream> streams_;  // A map: a Stream stays put while others come and go.
  std::string output_;                 // Framed, not yet written.
  short read_wait_ = POLLIN;           // What the last read waits for (TLS may need to write).
  short write_wait_ = 0;               // What the last write waits for, if it would block.
  bool abort_ = false;                 // Close the connection with a TCP reset.
  Clock::time_point wake_ = Clock::time_point::max();  // The earliest step that waits for time.
};

Http2Connection::Http2Connection(Wire& wire, std::size_t index, const Http2Hooks& hooks)
    : wire_(wire), index_(index), hooks_(hooks) {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &on_frame_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &on_stream_close);
  nghttp2_session_server_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
}

Http2Connection::~Http2Connection() {
  // Streams still open when the connection ends: their replies have ended too.
  for (const auto& [id, stream] : streams_) {
    if (stream.complete) hooks_.reply_done();
  }
  nghttp2_session_del(session_);
}

int Http2Connection::on_begin_headers(nghttp2_session*, const nghttp2_frame* frame,
                                      void* user_data) {
  if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
  Stream& stream = self(user_data).streams_[frame->hd.stream_id];
  stream.request.version = "HTTP/2";
  stream.request.connection = self(user_data).index_;
  return 0;
}

int Http2Connection::on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                               size_t name_size, const uint8_t* value, size_t value_size, uint8_t,
                               void* user_data) {
  if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) {
    return 0;  // Trailers are not recorded, as on HTTP/1.1.
  }
  const auto found = self(user_data).streams_.find(frame->hd.stream_id);
  if (found == self(user_data).streams_.end()) return 0;
  RecordedRequest& request = found->second.request;
  const std::string_view key(reinterpret_cast<const char*>(name), name_size);
  std::string text(reinterpret_cast<const char*>(value), value_size);
  if (key == ":method") {
    request.method = std::move(text);
  } else if (key == ":path") {
    request.target = std::move(text);
  } else if (!key.starts_with(':')) {  // :scheme and :authority are not kept.
    request.headers.push_back({std::string(key), std::move(text)});
  }
  return 0;
}

int Http2Connection::on_data_chunk(nghttp2_session* session, uint8_t, int32_t id,
                                   const uint8_t* data, size_t size, void* user_data) {
  const auto found = self(user_data).streams_.find(id);
  if (found == self(user_data).streams_.end()) return 0;
  std::string& body = found->second.request.body;
  if (body.size() + size > kMaxBody) {
    nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_REFUSED_STREAM);
    return 0;
  }
  body.append(reinterpret_cast<const char*>(data), size);
  return 0;
}

int Http2Connection::on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  const bool request_frame = frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA;
  if (!request_frame || (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) return 0;
  Http2Connection& connection = self(user_data);
  const auto found = connection.streams_.find(frame->hd.stream_id);
  if (found != connection.streams_.end() && !found->second.complete) {
    connection.start_reply(found->second);
  }
  return 0;
}

int Http2Connection::on_stream_close(nghttp2_session*, int32_t id, uint32_t, void* user_data) {
  Http2Connection& connection = self(user_data);
  const auto found = connection.streams_.find(id);
  if (found == connection.streams_.end()) return 0;
  if (found->second.complete) connection.hooks_.reply_done();
  connection.streams_.erase(found);
  return 0;
}

ssize_t Http2Connection::read_body(nghttp2_session*, int32_t id, uint8_t* buffer, size_t size,
                                   uint32_t* flags, nghttp2_data_source*, void* user_data) {
  const auto found = self(user_data).streams_.find(id);
  if (found == self(user_data).streams_.end()) return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  Stream& stream = found->second;
  if (!stream.data.empty()) {
    // Never more than what is left of the first piece: a DATA frame holds one piece only.
    const std::string& piece = stream.data.front();
    const std::size_t count = std::min(size, piece.size() - stream.taken);
    std::memcpy(buffer, piece.data() + stream.taken, count);
    stream.taken += count;
    if (stream.taken == piece.size()) {
      stream.data.pop_front();
      stream.taken = 0;
    }
    return static_cast<ssize_t>(count);
  }
  if (stream.body_ended) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    return 0;
  }
  stream.deferred = true;
  return NGHTTP2_ERR_DEFERRED;
}

void Http2Connection::start_reply(Stream& stream) {
  stream.complete = true;
  stream.reply = hooks_.answer(stream.request);
  stream.timeline.emplace(stream.reply, Clock::now());
}

bool Http2Connection::receive() {
  char chunk[16384];
  for (;;) {
    const ssize_t got = wire_.read_some(chunk, sizeof chunk, read_wait_);
    if (got == 0) return false;  // The client closed the connection.
    if (got < 0) return read_wait_ != 0;
    const ssize_t used = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(chunk),
                                                  static_cast<std::size_t>(got));
    if (used < 0) return false;  // Not HTTP/2, or a protocol error: nothing more to serve.
  }
}

bool Http2Connection::flush() {
  write_wait_ = 0;
  for (;;) {
    if (output_.empty()) {
      const uint8_t* frames = nullptr;
      ssize_t size = 0;
      while ((size = nghttp2_session_mem_send(session_, &frames)) > 0) {
        output_.append(reinterpret_cast<const char*>(frames), static_cast<std::size_t>(size));
      }
      if (size < 0) return false;
      if (output_.empty()) return true;
    }
    const ssize_t sent = wire_.write_some(output_, write_wait_);
    if (sent > 0) {
      output_.erase(0, static_cast<std::size_t>(sent));
    } else {
      return write_wait_ != 0;  // Blocked: the socket takes the rest later. Else: gone.
    }
  }
}

bool Http2Connection::advance(Clock::time_point now) {
  bool submitted = false;
  wake_ = Clock::time_point::max();
  for (auto& [id, stream] : streams_) {
    if (!stream.timeline || stream.played) continue;
    // What the last step handed over must be on the wire before the next one's clock starts.
    if (stream.timeline->sending() && stream.data.empty() && output_.empty()) {
      stream.timeline->sent(now);
    }
    for (;;) {
      Clock::time_point wake = Clock::time_point::max();
      const Step step = stream.timeline->next(now, wake);
      if (step == Step::wait) {
        wake_ = std::min(wake_, wake);
        break;
      }
      if (step == Step::finished) {
        stream.played = true;
        break;
      }
      submitted = take_step(id, stream, step) || submitted;
      if (abort_) return submitted;
    }
  }
  return submitted;
}

bool Http2Connection::take_step(int32_t id, Stream& stream, Step step) {
  const Reply& reply = stream.reply;
  switch (step) {
    case Step::send_head: {
      for (const Reply::Informational& interim : reply.informational) {
        HeaderBlock block(interim.status);
        block.add_all(interim.headers);
        const auto nva = block.pairs();
        nghttp2_submit_headers(session_, NGHTTP2_FLAG_NONE, id, nullptr, nva.data(), nva.size(),
                               nullptr);
      }
      HeaderBlock block(reply.status);
      block.add_all(reply.headers);
      if (reply.framing == Framing::content_length) {
        std::size_t total = 0;
        for (const std::string& piece : reply.pieces) total += piece.size();
        block.add("content-length", std::to_string(total));
      }
      const auto nva = block.pairs();
      const bool bodiless =
          (reply.status == 204 || reply.status == 304 || stream.request.method == "HEAD") &&
          !reply.drop_after;
      if (bodiless) {
        nghttp2_submit_response(session_, id, nva.data(), nva.size(), nullptr);
        stream.played = true;  // HEADERS with END_STREAM: the reply is complete.
      } else {
        nghttp2_data_provider body{};
        body.read_callback = &read_body;
        nghttp2_submit_response(session_, id, nva.data(), nva.size(), &body);
      }
      if (reply.close_connection) {
        // Streams the client opens after this one are refused; those before it go on.
        nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE,
                              nghttp2_session_get_last_proc_stream_id(session_), NGHTTP2_NO_ERROR,
                              nullptr, 0);
      }
      return true;
    }
    case Step::send_piece:
      queue_piece(id, stream, reply.pieces[stream.timeline->piece()]);
      return true;
    case Step::end:
      end_body(id, stream);
      return true;
    case Step::reset_stream:
      nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
      return true;
    case Step::reset_connection:
      abort_ = true;
      return false;
    case Step::wait:
    case Step::finished:
      break;
  }
  return false;
}

void Http2Connection::queue_piece(int32_t id, Stream& stream, std::string piece) {
  if (piece.empty()) return;  // An empty DATA frame would say nothing.
  stream.data.push_back(std::move(piece));
  if (stream.deferred) {
    stream.deferred = false;
    nghttp2_session_resume_data(session_, id);
  }
}

void Http2Connection::end_body(int32_t id, Stream& stream) {
  stream.body_ended = true;
  if (stream.deferred) {
    stream.deferred = false;
    nghttp2_session_resume_data(session_, id);
  }
}

int Http2Connection::poll_timeout(Clock::time_point now) const {
  if (wake_ == Clock::time_point::max()) return kPollSliceMs;
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(wake_ - now).count();
  return static_cast<int>(std::clamp<long long>(wait, 0, kPollSliceMs));
}

void Http2Connection::run() {
  // The client may send at most 100 streams at once; the tests use far fewer.
  const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100}};
  if (nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1) != 0) return;
  const std::string early = wire_.take_buffered();
  if (!early.empty() &&
      nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(early.data()),
                               early.size()) < 0) {
    return;
  }
  for (;;) {
    if (!receive()) return;
    do {
      if (!flush()) return;
    } while (advance(Clock::now()) && !abort_);
    if (abort_) {
      // Everything before the fault has been written: the client has read up to it.
      wire_.close_abruptly();
      return;
    }
    if (!flush()) return;
    if (output_.empty() && nghttp2_session_want_read(session_) == 0 &&
        nghttp2_session_want_write(session_) == 0) {
      return;  // After a GOAWAY, once its last stream has ended.
    }
    const short events = static_cast<short>(read_wait_ | write_wait_);
    if (wire_.poll_for(events, poll_timeout(Clock::now())) < 0) return;
  }
}

}  // namespace

void offer_http2(ssl_ctx_st* context) {
  SSL_CTX_set_alpn_select_cb(context, &select_protocol, nullptr);
}

void serve_http2(Wire& wire, std::size_t index, const Http2Hooks& hooks) {
  Http2Connection(wire, index, hooks).run();
}

}  // namespace tinychat::testing::loopback
