#include "transfer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <vector>

#include "base/redact.h"
#include "tinychat/version.h"
#include "transfer_errors.h"

namespace tinychat::http {

namespace {

// Larger than curl's 16 KiB default: a fast stream then costs fewer reads and fewer callbacks,
// and a slow one is unaffected (a read returns whatever has arrived). Measured on 26 MB of
// OpenAI chunks sent in 16 KiB writes, loop-thread CPU per event: 16 KiB 0.084 us, 64 KiB
// 0.075 us, 256 KiB 0.071 us, 1 MiB 0.083 us. 64 KiB still comes from the heap, not a fresh
// mmap per transfer.
constexpr long kReceiveBufferBytes = 64 * 1024;

// What one pass of the loop may gather for a transfer before it is handed over early. libcurl
// reads on as long as the socket has data, so a server sending faster than we decode fills
// this in every pass. Measured on the 100,000-event bench, CPU per event: 64 KiB 0.57-0.60 us,
// 256 KiB 0.55-0.58 us, 1 MiB 0.57-0.59 us.
constexpr std::size_t kMaxHeldBytes = 256 * 1024;

bool has_line_break(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return (x | 0x20) == (y | 0x20);  // Enough for header names, which are ASCII tokens.
  });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

Error callback_threw(const char* which, const char* what) {
  return Error(ErrorCode::cancelled, std::string("stopped: the ") + which + " threw" +
                                         (what != nullptr ? std::string(": ") + what : ""));
}

}  // namespace

Transfer::Transfer(const HttpRequest& request, BodyCallback on_body, CompletionCallback on_done,
                   const CurlSessionOptions& options, std::weak_ptr<Handover> handover)
    : url_(parse_url(request.url)),
      on_body_(std::move(on_body)),
      on_done_(std::move(on_done)),
      max_collected_body_(options.max_collected_body),
      connect_timeout_(options.connect_timeout),
      start_delay_(request.start_delay),
      control_(std::make_shared<TransferControl>()) {
  control_->handover = std::move(handover);
  control_->transfer = this;
  if (!url_.valid) {
    // The URL itself is not shown: its query may hold a key.
    setup_error_ = Error(ErrorCode::invalid_argument,
                         "unusable URL: expected http:// or https:// and a host name");
    return;
  }
  if (!std::ranges::all_of(request.method, [](char c) { return std::isalpha(c & 0xff); })) {
    setup_error_ = Error(ErrorCode::invalid_argument, "unusable HTTP method");
    return;
  }
  for (const HttpHeader& header : request.headers) {
    if (header.name.empty() || has_line_break(header.name) || has_line_break(header.value)) {
      setup_error_ = Error(ErrorCode::invalid_argument,
                           "request header \"" +
                               (has_line_break(header.name) ? std::string("?") : header.name) +
                               "\" is empty or contains a line break");
      return;
    }
  }
  remember_secrets(request);
  easy_ = curl_easy_init();
  if (easy_ == nullptr) {
    setup_error_ = Error(ErrorCode::network, "libcurl could not create a transfer");
    return;
  }
  configure(request, options);
}

Transfer::~Transfer() {
  if (easy_ != nullptr) curl_easy_cleanup(easy_);
  curl_slist_free_all(headers_);
}

void Transfer::configure(const HttpRequest& request, const CurlSessionOptions& options) {
  curl_easy_setopt(easy_, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, curl_message_);
  curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::max<std::int64_t>(options.connect_timeout.count(), 1)));
  curl_easy_setopt(easy_, CURLOPT_BUFFERSIZE, kReceiveBufferBytes);
  // HTTP/2 when a TLS server offers it, HTTP/1.1 otherwise (libcurl's default since 7.62, said
  // here because the session multiplexes streams to one host over one connection).
  curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  // A second transfer to an https host whose first connection is still being set up waits for
  // its ALPN answer: with HTTP/2 it becomes a stream on that connection instead of opening
  // another. Only for https, since HTTP/2 is never spoken in the clear here: libcurl 7.88 would
  // hold a plain-HTTP transfer until the first one's status line, or until a transfer ends.
  if (url_.scheme == "https") curl_easy_setopt(easy_, CURLOPT_PIPEWAIT, 1L);
  // Streams may stay silent for minutes (reasoning models): keep NAT entries alive.
  curl_easy_setopt(easy_, CURLOPT_TCP_KEEPALIVE, 1L);
  // Decode a gzip, deflate, br or zstd body that a server or proxy sends even unasked. Curl
  // only decodes once this is set; the header that would advertise it is replaced below, so
  // that no server compresses (and so buffers) a stream it would have sent plainly.
  curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "");
  // With a proxy, its "200 Connection established" must not look like the response.
  curl_easy_setopt(easy_, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  const std::string user_agent =
      options.user_agent.empty() ? std::string("tinychat/") + kVersion : options.user_agent;
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, user_agent.c_str());  // curl copies strings.
  // libcurl's OpenSSL build reads its compiled-in bundle and ignores SSL_CERT_FILE, so a private
  // CA reaches it only through these (resolved by the config layer).
  if (!options.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!options.ca_dir.empty()) curl_easy_setopt(easy_, CURLOPT_CAPATH, options.ca_dir.c_str());

  bool has_expect = false;
  bool has_accept_encoding = false;
  for (const HttpHeader& header : request.headers) {
    has_expect = has_expect || equals_ignoring_case(header.name, "expect");
    has_accept_encoding =
        has_accept_encoding || equals_ignoring_case(header.name, "accept-encoding");
    // "Name;" is curl's way to send a header with an empty value.
    const std::string line =
        header.value.empty() ? header.name + ";" : header.name + ": " + header.value;
    headers_ = curl_slist_append(headers_, line.c_str());
  }
  // curl would wait for "100 Continue" before sending a large body: one round trip lost, and
  // some servers never answer it. The caller can still ask for it explicitly.
  if (!has_expect) headers_ = curl_slist_append(headers_, "Expect:");
  if (!has_accept_encoding) headers_ = curl_slist_append(headers_, "Accept-Encoding: identity");
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);

  const std::string& method = request.method.empty() ? std::string("POST") : request.method;
  if (method == "GET") {
    curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);  // A custom "HEAD" would wait for a body.
  } else {
    body_ = request.body;
    if (method != "POST") curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "POST" || !body_.empty()) {
      curl_easy_setopt(easy_, CURLOPT_POST, 1L);
      curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_.size()));
      curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, body_.data());
    }
  }

  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_PREREQFUNCTION, &Transfer::on_prereq);
  curl_easy_setopt(easy_, CURLOPT_PREREQDATA, this);
}

PendingResponse Transfer::pending() {
  return PendingResponse(promise_.get_future(),
                         [control = control_] { TransferControl::cancel(control); });
}

int Transfer::on_prereq(void* self, char*, char*, int, int) {
  // Connected (or reused a connection), TLS done: from here on silence counts as idle.
  auto& transfer = *static_cast<Transfer*>(self);
  transfer.connected_ = true;
  ++transfer.activity_;
  return CURL_PREREQFUNC_OK;
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  auto& transfer = *static_cast<Transfer*>(self);
  const std::size_t bytes = size * count;
  transfer.activity_ += bytes;
  transfer.bytes_received_ += bytes;
  try {
    transfer.header_line(std::string_view(data, bytes));
  } catch (const std::exception& e) {
    transfer.stop_error_ = callback_threw("header parser", e.what());
    return CURL_WRITEFUNC_ERROR;
  } catch (...) {
    transfer.stop_error_ = callback_threw("header parser", nullptr);
    return CURL_WRITEFUNC_ERROR;
  }
  return bytes;
}

void Transfer::header_line(std::string_view line) {
  if (line.starts_with("HTTP/")) {
    // A new status line: an interim 1xx response is over, or this is the first one.
    result_.headers.clear();
    result_.status = 0;
    const std::size_t space = line.find(' ');
    if (space != std::string_view::npos) {
      const std::string_view code = line.substr(space + 1, 3);
      std::from_chars(code.data(), code.data() + code.size(), result_.status);
    }
    response_started_ = true;
    streaming_ = on_body_ && result_.status >= 200 && result_.status < 300;
    return;
  }
  const std::string_view content = trim(line);
  if (content.empty()) return;  // The blank line that ends a header block.
  if ((line.front() == ' ' || line.front() == '\t') && !result_.headers.empty()) {
    result_.headers.back().value += ' ';  // Obsolete line folding: a continuation.
    result_.headers.back().value += content;
    return;
  }
  const std::size_t colon = content.find(':');
  if (colon == std::string_view::npos) return;
  result_.headers.push_back(
      {std::string(trim(content.substr(0, colon))), std::string(trim(content.substr(colon + 1)))});
}

std::size_t Transfer::on_write(char* data, std::size_t size, std::size_t count, void* self) {
  return static_cast<Transfer*>(self)->body_piece(std::string_view(data, size * count));
}

std::size_t Transfer::body_piece(std::string_view piece) {
  bytes_received_ += piece.size();
  result_.body_bytes += piece.size();
  if (streaming_) {
    if (delivery_queue_ == nullptr) {  // No loop to deliver for us: hand it over at once.
      return hand_to_receiver(piece) ? piece.size() : CURL_WRITEFUNC_ERROR;
    }
    if (!queued_) {
      queued_ = true;
      delivery_queue_->push_back(this);
    }
    // Bounded: a pass that brings more than this (a server flooding a fast connection) delivers
    // what it has early, so the buffer never grows past it.
    if (received_.size() + piece.size() > kMaxHeldBytes && !deliver_received()) {
      return CURL_WRITEFUNC_ERROR;
    }
    received_.append(piece);
    return piece.size();
  }
  activity_ += piece.size();
  const std::size_t room = max_collected_body_ - std::min(max_collected_body_, result_.body.size());
  result_.body.append(piece.substr(0, room));
  return piece.size();
}

bool Transfer::deliver_received() {
  if (received_.empty()) return stop_error_ == std::nullopt;
  const bool go_on = hand_to_receiver(received_);
  received_.clear();
  // The buffer is kept at its high-water mark, at most about twice the bound, since returning
  // it to the allocator after every pass of a flooding server costs a fresh mapping (and its
  // page faults) each time. Only a piece larger than the bound can take it past.
  if (received_.capacity() > 2 * kMaxHeldBytes) std::string().swap(received_);
  return go_on;
}

Error Transfer::take_stop_error() {
  Error error = stop_error_ ? std::move(*stop_error_)
                            : Error(ErrorCode::cancelled, "stopped by the receiver");
  stop_error_.reset();
  return error;
}

bool Transfer::hand_to_receiver(std::string_view piece) {
  if (stop_error_) return false;
  try {
    const BodyVerdict verdict = on_body_(piece);
    if (!verdict.keep_going) {
      stop_error_ = Error(ErrorCode::cancelled, "stopped by the receiver");
      return false;
    }
    if (verdict.progress) activity_ += piece.size();
  } catch (const std::exception& e) {
    stop_error_ = callback_threw("body callback", e.what());
    return false;
  } catch (...) {
    stop_error_ = callback_threw("body callback", nullptr);
    return false;
  }
  return true;
}

void Transfer::complete(CURLcode code) {
  if (stop_error_) return complete(std::move(*stop_error_));
  if (code == CURLE_OK) return complete(Error());
  // Only the connect timeout is handed to curl, so a timeout before the connection is that one.
  result_.connect_failed =
      code == CURLE_COULDNT_CONNECT || (code == CURLE_OPERATION_TIMEDOUT && !connected_);
  long os_errno = 0;
  curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &os_errno);
  const FailureContext context{
      url_, curl_message_, os_errno, response_started_, connect_timeout_, proxy_variable_};
  complete(curl_failure(code, context));
}

void Transfer::remember_secrets(const HttpRequest& request) {
  // Header values (keys), the query (some APIs take keys there), and the user-info of the URL
  // and of the proxy (curl turns them into Basic tokens a server may echo).
  for (const HttpHeader& header : request.headers) secrets_.push_back(header.value);
  secrets_.push_back(url_.query);
  for (std::string& secret : url_credentials(request.url)) secrets_.push_back(std::move(secret));
  const std::string proxy = proxy_variable(url_.scheme);
  if (!proxy.empty()) {
    for (std::string& secret : url_credentials(std::getenv(proxy.c_str())))
      secrets_.push_back(std::move(secret));
  }
  proxy_variable_ = proxy;
}

void Transfer::complete(Error error) {
  // Messages are built so that they never hold a secret, and an error body is the server's
  // words; redact both anyway, in case a server or a proxy echoed a key or a Basic token.
  const std::vector<std::string_view> secrets(secrets_.begin(), secrets_.end());
  if (error) error.message = redact_all(std::move(error.message), secrets);
  if (!result_.is_success() && !result_.body.empty()) {
    result_.body = redact_all(std::move(result_.body), secrets);
  }
  result_.error = std::move(error);
  control_->transfer = nullptr;
  control_->ended.store(true, std::memory_order_release);
  if (on_done_) {
    try {
      on_done_(result_);
    } catch (...) {
      // The result is already decided and delivered to on_done; the future still gets it.
    }
  }
  promise_.set_value(std::move(result_));
}

}  // namespace tinychat::http
