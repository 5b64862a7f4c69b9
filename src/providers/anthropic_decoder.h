#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json_event_decoder.h"

namespace tinychat::providers {

/// Decodes Anthropic Messages events, dispatching on the JSON `type` (the SSE event name only
/// mirrors it). message_stop ends the stream; an `error` event is the server giving up.
class AnthropicDecoder final : public JsonEventDecoder {
 public:
  explicit AnthropicDecoder(std::string api_key) : JsonEventDecoder(std::move(api_key)) {}

  Error decode(std::string_view type, std::string_view data, std::vector<Delta>& out) override;
  bool complete() const override { return complete_; }
  std::string_view end_marker() const override { return "event: message_stop"; }

 private:
  struct Counts {
    std::int64_t input = -1;
    std::int64_t output = -1;
    std::int64_t cache_read = -1;
    std::int64_t cache_creation = -1;
  };
  // Everything an event may carry, read in one pass whatever the key order.
  struct Event {
    std::string_view type;
    std::string_view delta_type;
    std::string_view text;
    std::string_view thinking;
    std::string_view stop_reason;
    Counts usage;
    std::string_view error_type;
    std::string_view error_message;
  };

  static simdjson::error_code read_event(ondemand::object& root, Event& event);
  static simdjson::error_code read_usage(ondemand::value& usage, Counts& counts);
  void count_input(const Counts& counts);

  bool complete_ = false;
  std::int64_t input_tokens_ = -1;  // from message_start, merged into message_delta's usage
  std::int64_t cached_tokens_ = -1;
};

}  // namespace tinychat::providers
