#include "turn_stream.h"

#include <string>

#include "http_error.h"

namespace tinychat {

namespace {

// Events that only keep a connection open. Every API family sends its content as non-blank data
// (an OpenAI chunk whose delta holds only a role still counts: it is the server at work); a
// blank `data:` line is nothing, and Anthropic's keep-alive is its `ping` event.
bool is_padding(std::string_view type, std::string_view data) {
  return type == "ping" || data.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

TurnStream::TurnStream(std::shared_ptr<const Provider> provider, DeltaCallback on_deltas,
                       TurnLimits limits, bool keep_text)
    : provider_(std::move(provider)),
      decoder_(provider_->make_decoder()),
      on_deltas_(std::move(on_deltas)),
      limits_(limits),
      keep_text_(keep_text) {}

BodyVerdict TurnStream::on_body(std::string_view piece) {
  body_started_ = body_started_ || !piece.empty();
  if (stopped_.load(std::memory_order_relaxed)) return false;
  batch_.clear();
  piece_had_content_ = false;
  Error framing_error;
  if (provider_->framing() == Framing::sse) {
    framing_error =
        sse_.feed(piece, [this](const SseEvent& event) { return decode(event.type, event.data); });
  } else {
    framing_error = ndjson_.feed(piece, [this](std::string_view line) { return decode({}, line); });
  }
  // An oversized event was dropped: part of the answer is missing, so the turn cannot be
  // called complete. Stop here rather than stream on with a hole in the text.
  if (framing_error && !error_) error_ = std::move(framing_error);
  deliver();
  if (error_) return false;
  return piece_had_content_ ? BodyVerdict(true) : BodyVerdict::padding();
}

bool TurnStream::decode(std::string_view type, std::string_view data) {
  piece_had_content_ = piece_had_content_ || !is_padding(type, data);
  if (Error error = decoder_->decode(type, data, batch_)) {
    error_ = std::move(error);
    return false;
  }
  return true;
}

void TurnStream::deliver() {
  for (const Delta& delta : batch_) {
    switch (delta.kind) {
      case DeltaKind::text:
      case DeltaKind::reasoning:
        answer_bytes_ += delta.text.size();
        if (delta.kind == DeltaKind::text) result_.text_bytes += delta.text.size();
        if (!keep_text_) break;
        (delta.kind == DeltaKind::text ? result_.text : result_.reasoning) += delta.text;
        break;
      case DeltaKind::finish:
        result_.finish_reason = delta.text;
        break;
      case DeltaKind::usage: {
        // Providers report counts in separate events (Anthropic: input at the start, output at
        // the end); keep every count that was ever reported.
        const Usage& u = delta.usage;
        if (u.input_tokens >= 0) result_.usage.input_tokens = u.input_tokens;
        if (u.output_tokens >= 0) result_.usage.output_tokens = u.output_tokens;
        if (u.reasoning_tokens >= 0) result_.usage.reasoning_tokens = u.reasoning_tokens;
        if (u.cached_tokens >= 0) result_.usage.cached_tokens = u.cached_tokens;
        break;
      }
    }
  }
  if (!batch_.empty() && on_deltas_ && !stopped_.load(std::memory_order_relaxed)) {
    on_deltas_(batch_);
  }
  if (answer_bytes_ > limits_.max_answer_bytes && !error_) {
    // Delivered up to here (the caller has the partial answer), then stopped: an answer this
    // long is a server that will not stop, and memory is finite.
    error_ = Error(ErrorCode::answer_too_large,
                   "The answer passed " + std::to_string(limits_.max_answer_bytes >> 20) +
                       " MiB and was stopped there: the part that arrived is kept.");
  }
}

TurnResult TurnStream::finish(const HttpResult& http) {
  if (http.error) {
    // When we stopped the transfer ourselves, our reason is the real one, not "cancelled".
    result_.error = safe_error(error_ ? error_ : http.error, provider_->config());
    return std::move(result_);
  }
  if (!http.is_success()) {
    result_.error =
        http_status_error(http, provider_->error_message(http.body), provider_->config());
    return std::move(result_);
  }
  batch_.clear();
  if (!error_) {
    if (provider_->framing() == Framing::sse) {
      sse_.finish();
    } else {
      ndjson_.finish([this](std::string_view line) {
        // The last line had no line end. A whole one (some servers omit the final newline) is
        // decoded; a part of one means the stream was cut inside it: incomplete, not malformed.
        const std::size_t before = batch_.size();
        if (decoder_->decode({}, line, batch_)) {
          batch_.resize(before);
          cut_mid_line_ = true;
        }
        return true;
      });
    }
    deliver();
  }
  if (error_) {
    result_.error = error_;
  } else if (cut_mid_line_ || !decoder_->complete()) {
    result_.error = incomplete_stream_error(http);
  }
  result_.error = safe_error(std::move(result_.error), provider_->config());
  return std::move(result_);
}

Error TurnStream::incomplete_stream_error(const HttpResult& http) const {
  std::string message = "The stream ended before its end marker (" +
                        std::string(decoder_->end_marker()) + "): the answer may be cut off.";
  const auto content_type = http.header("content-type");
  const bool event_stream =
      content_type && (content_type->find("event-stream") != std::string_view::npos ||
                       content_type->find("json") != std::string_view::npos);
  if (content_type && !event_stream) {
    message += " The server sent " + std::string(*content_type) + ", not a stream.";
  } else if (answer_bytes_ == 0 && http.body_bytes > 0) {
    message += " Nothing in its " + std::to_string(http.body_bytes) +
               " bytes was a streamed answer: is the base URL right?";
  }
  return Error(ErrorCode::incomplete_stream, std::move(message));
}

}  // namespace tinychat
