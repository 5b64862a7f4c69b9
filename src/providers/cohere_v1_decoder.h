#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json_event_decoder.h"

namespace tinychat::providers {

/// Decodes Cohere v1 chat's NDJSON lines (the type is always empty). stream-end ends the stream.
class CohereV1Decoder final : public JsonEventDecoder {
 public:
  explicit CohereV1Decoder(std::string api_key) : JsonEventDecoder(std::move(api_key)) {}

  Error decode(std::string_view type, std::string_view data, std::vector<Delta>& out) override;
  bool complete() const override { return complete_; }
  std::string_view end_marker() const override { return R"({"event_type":"stream-end"})"; }

 private:
  struct Line {
    std::string_view event_type;
    std::string_view text;
    std::string_view finish_reason;
    std::string_view response_finish_reason;
    std::string_view message;  // top level: the shape of an error
    Usage billed;
  };

  static simdjson::error_code read_line(ondemand::object& root, Line& line);

  bool complete_ = false;
};

}  // namespace tinychat::providers
