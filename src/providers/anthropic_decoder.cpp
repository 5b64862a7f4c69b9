#include "anthropic_decoder.h"

#include <algorithm>

namespace tinychat::providers {

Error AnthropicDecoder::decode(std::string_view type, std::string_view data,
                               std::vector<Delta>& out) {
  if (is_blank(data)) return {};
  Event event;
  const simdjson::error_code error = read_object(data, [&](ondemand::object& root) {
    event = Event{};
    return read_event(root, event);
  });
  if (error) return malformed(type, data, error);
  // The SSE name stands in for a missing JSON type ("message" is the SSE default: no name).
  if (event.type.empty() && type != "message") event.type = type;

  if (event.type == "content_block_delta") {
    if (event.delta_type == "text_delta" && !event.text.empty()) {
      out.push_back(Delta::answer(std::string(event.text)));
    } else if (event.delta_type == "thinking_delta" && !event.thinking.empty()) {
      out.push_back(Delta::thinking(std::string(event.thinking)));
    }
    // signature_delta, input_json_delta, citations_delta: nothing to show.
  } else if (event.type == "message_start") {
    count_input(event.usage);
    Usage usage;
    usage.input_tokens = input_tokens_;
    usage.cached_tokens = cached_tokens_;
    if (!usage.empty()) out.push_back(Delta::counted(usage));
  } else if (event.type == "message_delta") {
    if (!event.stop_reason.empty()) out.push_back(Delta::finished(std::string(event.stop_reason)));
    // The counts here are cumulative; newer API versions repeat the input counts too.
    count_input(event.usage);
    Usage usage;
    usage.input_tokens = input_tokens_;
    usage.cached_tokens = cached_tokens_;
    usage.output_tokens = event.usage.output;
    if (event.usage.output >= 0) out.push_back(Delta::counted(usage));
  } else if (event.type == "message_stop") {
    complete_ = true;
  } else if (event.type == "error") {
    if (!event.error_message.empty()) return server_error(event.error_message);
    return server_error(
        "Anthropic reported an error in the stream" +
        (event.error_type.empty() ? std::string() : " (" + std::string(event.error_type) + ")"));
  }
  // ping, content_block_start/stop and event types added later are ignored.
  return {};
}

void AnthropicDecoder::count_input(const Counts& counts) {
  if (counts.input < 0) return;
  // Anthropic's input_tokens leaves out the cached part; Usage counts it in (cached_tokens is
  // "part of input_tokens"), as OpenAI's prompt_tokens does.
  input_tokens_ = counts.input + std::max<std::int64_t>(counts.cache_read, 0) +
                  std::max<std::int64_t>(counts.cache_creation, 0);
  if (counts.cache_read >= 0) cached_tokens_ = counts.cache_read;
}

simdjson::error_code AnthropicDecoder::read_event(ondemand::object& root, Event& event) {
  return for_each_field(root, [&](std::string_view key, ondemand::value& value) {
    if (key == "type") return read_string(value, event.type);
    if (key == "delta") {
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "type") return read_string(v, event.delta_type);
        if (k == "text") return read_string(v, event.text);
        if (k == "thinking") return read_string(v, event.thinking);
        if (k == "stop_reason") return read_string(v, event.stop_reason);
        return simdjson::SUCCESS;
      });
    }
    if (key == "usage") return read_usage(value, event.usage);
    if (key == "message") {
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "usage") return read_usage(v, event.usage);
        return simdjson::SUCCESS;
      });
    }
    if (key == "error") {
      ondemand::json_type type;
      if (auto error = value.type().get(type)) return error;
      if (type == ondemand::json_type::string) return value.get_string().get(event.error_message);
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "type") return read_string(v, event.error_type);
        if (k == "message") return read_string(v, event.error_message);
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;  // index, content_block...
  });
}

simdjson::error_code AnthropicDecoder::read_usage(ondemand::value& usage, Counts& counts) {
  return for_each_field_if_object(usage, [&](std::string_view key, ondemand::value& value) {
    if (key == "input_tokens") counts.input = read_count(value);
    if (key == "output_tokens") counts.output = read_count(value);
    if (key == "cache_read_input_tokens") counts.cache_read = read_count(value);
    if (key == "cache_creation_input_tokens") counts.cache_creation = read_count(value);
    return simdjson::SUCCESS;
  });
}

}  // namespace tinychat::providers
