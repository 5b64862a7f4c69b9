#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json_event_decoder.h"

namespace tinychat::providers {

/// Decodes OpenAI chat-completion chunks and those of the compatible servers (Mistral, Together,
/// Ollama, vLLM, llama.cpp, OpenRouter, Azure): `[DONE]` ends the stream; a finish reason makes
/// the answer whole, since only the usage chunk can follow it.
class OpenAIDecoder final : public JsonEventDecoder {
 public:
  explicit OpenAIDecoder(std::string api_key) : JsonEventDecoder(std::move(api_key)) {}

  Error decode(std::string_view type, std::string_view data, std::vector<Delta>& out) override;
  bool complete() const override { return done_ || finished_; }
  std::string_view end_marker() const override { return "data: [DONE]"; }

 private:
  // What one chunk said beside its text, gathered first because JSON keys come in any order and
  // the finish must follow the text of its own chunk.
  struct Chunk {
    std::string_view finish_reason;
    Usage usage;
    bool has_error = false;
    std::string_view error_message;
    std::string_view error_type;
  };

  simdjson::error_code read_chunk(ondemand::object& root, Chunk& chunk, std::vector<Delta>& out);
  simdjson::error_code read_choice(ondemand::value& choice, Chunk& chunk, std::vector<Delta>& out);
  simdjson::error_code read_delta(ondemand::value& delta, std::vector<Delta>& out);
  simdjson::error_code read_content_parts(ondemand::value& parts, std::vector<Delta>& out);
  static simdjson::error_code read_usage(ondemand::value& usage, Usage& counts);
  static simdjson::error_code read_error(ondemand::value& error, Chunk& chunk);

  bool done_ = false;
  bool finished_ = false;
};

}  // namespace tinychat::providers
