#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json_event_decoder.h"

namespace tinychat::providers {

/// Decodes Cohere v2 chat events (SSE, `type` mirrored in the event name). message-end ends the
/// stream.
class CohereDecoder final : public JsonEventDecoder {
 public:
  explicit CohereDecoder(std::string api_key) : JsonEventDecoder(std::move(api_key)) {}

  Error decode(std::string_view type, std::string_view data, std::vector<Delta>& out) override;
  bool complete() const override { return complete_; }
  std::string_view end_marker() const override { return "event: message-end"; }

 private:
  struct Event {
    std::string_view type;
    std::string_view text;
    std::string_view thinking;
    std::string_view finish_reason;
    std::string_view delta_error;
    std::string_view message;  // top level: the shape of an error
    Usage tokens;
    Usage billed;
  };

  static simdjson::error_code read_event(ondemand::object& root, Event& event);
  static simdjson::error_code read_delta(ondemand::value& delta, Event& event);

  bool complete_ = false;
};

}  // namespace tinychat::providers
