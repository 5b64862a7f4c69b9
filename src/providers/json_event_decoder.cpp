#include "json_event_decoder.h"

#include <cmath>

#include "text_util.h"

namespace tinychat::providers {

simdjson::error_code JsonEventDecoder::parse_object(std::string_view data, ondemand::object& root) {
  // simdjson reads up to SIMDJSON_PADDING bytes past the end; the buffer's capacity provides
  // them and is kept between events, so copying an event allocates only when one is larger
  // than any before it.
  const std::size_t needed = data.size() + simdjson::SIMDJSON_PADDING;
  if (buffer_.capacity() < needed) buffer_.reserve(needed);
  buffer_.assign(data.data(), data.size());
  const simdjson::padded_string_view padded(buffer_.data(), buffer_.size(), buffer_.capacity());
  if (auto error = parser_.iterate(padded).get(document_)) return error;
  return document_.get_object().get(root);
}

Error JsonEventDecoder::malformed(std::string_view type, std::string_view data,
                                  simdjson::error_code code) const {
  if (type == "error") {
    return Error(ErrorCode::stream_error,
                 "The server reported an error: " + excerpt(data, api_key_));
  }
  std::string message = "Could not decode a stream event (";
  message += simdjson::error_message(code);
  message += "): ";
  message += excerpt(data, api_key_);
  return Error(ErrorCode::malformed_stream, std::move(message));
}

Error JsonEventDecoder::server_error(std::string_view message) const {
  return Error(ErrorCode::stream_error, redact(std::string(message), api_key_));
}

bool is_null(ondemand::value& value) {
  ondemand::json_type type;
  return !value.type().get(type) && type == ondemand::json_type::null;
}

simdjson::error_code read_string(ondemand::value& value, std::string_view& out) {
  out = {};
  if (is_null(value)) return simdjson::SUCCESS;
  return value.get_string().get(out);
}

std::int64_t read_count(ondemand::value& value) {
  ondemand::json_type type;
  if (value.type().get(type) || type != ondemand::json_type::number) return -1;
  double number = 0;
  if (value.get_double().get(number) || !(number >= 0) || number > 9e15) return -1;
  return static_cast<std::int64_t>(std::llround(number));
}

bool is_blank(std::string_view data) {
  return data.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace tinychat::providers
