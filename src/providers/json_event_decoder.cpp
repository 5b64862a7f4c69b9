#include "json_event_decoder.h"

#include <cmath>

#include "base/message_text.h"
#include "text_util.h"

namespace tinychat::providers {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of a "\uXXXX" escape starting at `at`, or -1.
int escaped_unit(std::string_view text, std::size_t at) {
  if (at + 6 > text.size() || text[at] != '\\' || text[at + 1] != 'u') return -1;
  int unit = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    const int digit = hex_value(text[i]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

}  // namespace

bool replace_lone_surrogate_escapes(std::string& json) {
  // Fast paths: no escape at all, or none that could be a surrogate.
  const std::size_t first_escape = json.find('\\');
  if (first_escape == std::string::npos) return false;
  if (json.find("\\ud", first_escape) == std::string::npos &&
      json.find("\\uD", first_escape) == std::string::npos) {
    return false;
  }
  bool replaced = false;
  constexpr std::string_view kReplacement = "\\ufffd";  // as long as the escape it replaces
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] != '\\') continue;
    const int unit = escaped_unit(json, i);
    if (unit < 0) {
      ++i;  // "\\", "\"", "\n"...: skip the escaped character, so "\\ud800" stays text.
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const int next = escaped_unit(json, i + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        i += 11;  // A proper pair.
        continue;
      }
      json.replace(i, 6, kReplacement);
      replaced = true;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      json.replace(i, 6, kReplacement);
      replaced = true;
    }
    i += 5;
  }
  return replaced;
}

simdjson::error_code JsonEventDecoder::parse_object(std::string_view data, ondemand::object& root) {
  // simdjson reads up to SIMDJSON_PADDING bytes past the end; the buffer's capacity provides
  // them and is kept between events, so copying an event allocates only when one is larger
  // than any before it.
  const std::size_t needed = data.size() + simdjson::SIMDJSON_PADDING;
  if (buffer_.capacity() < needed) buffer_.reserve(needed);
  buffer_.assign(data.data(), data.size());
  return parse_buffer(root);
}

simdjson::error_code JsonEventDecoder::parse_buffer(ondemand::object& root) {
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
  return Error(ErrorCode::stream_error,
               cut_message(redact(std::string(message), api_key_), kMaxProviderMessage));
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
