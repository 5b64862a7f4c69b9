#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json_event_decoder.h"

namespace tinychat::providers {

/// Decodes Gemini's events, each a whole GenerateContentResponse. There is no end event: a
/// candidate with a finishReason is the end.
class GeminiDecoder final : public JsonEventDecoder {
 public:
  explicit GeminiDecoder(std::string api_key) : JsonEventDecoder(std::move(api_key)) {}

  Error decode(std::string_view type, std::string_view data, std::vector<Delta>& out) override;
  bool complete() const override { return complete_; }
  std::string_view end_marker() const override { return "a candidate with finishReason"; }

 private:
  struct Response {
    std::size_t candidates = 0;
    std::string_view finish_reason;
    Usage usage;
    std::string_view block_reason;
    bool has_error = false;
    std::string_view error_message;
    std::string_view error_status;
  };

  static simdjson::error_code read_response(ondemand::object& root, Response& response,
                                            std::vector<Delta>& out);
  static simdjson::error_code read_candidate(ondemand::value& candidate, Response& response,
                                             std::vector<Delta>& out);
  static simdjson::error_code read_part(ondemand::value& part, std::vector<Delta>& out);
  static simdjson::error_code read_usage(ondemand::value& usage, Usage& counts);

  bool complete_ = false;
};

}  // namespace tinychat::providers
