#include "openai_decoder.h"

namespace tinychat::providers {

namespace {

std::string_view trimmed(std::string_view data) {
  const auto first = data.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = data.find_last_not_of(" \t\r\n");
  return data.substr(first, last - first + 1);
}

}  // namespace

Error OpenAIDecoder::decode(std::string_view type, std::string_view data, std::vector<Delta>& out) {
  if (trimmed(data) == "[DONE]") {
    done_ = true;
    return {};
  }
  if (is_blank(data)) return {};
  const std::size_t mark = out.size();
  Chunk chunk;
  const simdjson::error_code error = read_object(data, [&](ondemand::object& root) {
    chunk = Chunk{};
    out.resize(mark);
    return read_chunk(root, chunk, out);
  });
  if (error) {
    out.resize(mark);  // half a chunk is worse than none: the caller gets the error instead
    return malformed(type, data, error);
  }
  if (chunk.has_error) {
    if (!chunk.error_message.empty()) return server_error(chunk.error_message);
    return server_error(
        "The server reported an error in the stream" +
        (chunk.error_type.empty() ? std::string() : " (" + std::string(chunk.error_type) + ")"));
  }
  if (!chunk.finish_reason.empty()) {
    // Mistral and Together end a failed generation with finish_reason "error" and no message.
    if (chunk.finish_reason == "error") {
      return server_error("The model stopped with finish reason \"error\"");
    }
    out.push_back(Delta::finished(std::string(chunk.finish_reason)));
    finished_ = true;
  }
  if (!chunk.usage.empty()) out.push_back(Delta::counted(chunk.usage));
  return {};
}

simdjson::error_code OpenAIDecoder::read_chunk(ondemand::object& root, Chunk& chunk,
                                               std::vector<Delta>& out) {
  return for_each_field(root, [&](std::string_view key, ondemand::value& value) {
    if (key == "choices") {
      // One choice is asked for (n = 1). choices may be [] (usage chunk, Azure's filter chunk)
      // or null (vLLM); only the first element is read.
      bool first = true;
      return for_each_element(value, [&](ondemand::value& choice) {
        if (!first) return simdjson::SUCCESS;
        first = false;
        return read_choice(choice, chunk, out);
      });
    }
    if (key == "usage") {
      if (is_null(value)) return simdjson::SUCCESS;  // every chunk but the last says usage:null
      return read_usage(value, chunk.usage);
    }
    if (key == "error") return read_error(value, chunk);
    return simdjson::SUCCESS;  // id, model, obfuscation, prompt_filter_results...
  });
}

simdjson::error_code OpenAIDecoder::read_choice(ondemand::value& choice, Chunk& chunk,
                                                std::vector<Delta>& out) {
  return for_each_field(choice, [&](std::string_view key, ondemand::value& value) {
    if (key == "delta") {
      if (is_null(value)) return simdjson::SUCCESS;
      return read_delta(value, out);
    }
    if (key == "finish_reason") return read_string(value, chunk.finish_reason);
    return simdjson::SUCCESS;  // index, logprobs, content_filter_results...
  });
}

simdjson::error_code OpenAIDecoder::read_delta(ondemand::value& delta, std::vector<Delta>& out) {
  // DeepSeek and vLLM say reasoning_content, Ollama and OpenRouter reasoning; a server sending
  // both for compatibility must not show the thinking twice.
  bool reasoning_seen = false;
  return for_each_field(delta, [&](std::string_view key, ondemand::value& value) {
    if (key == "content") {
      ondemand::json_type type;
      if (auto error = value.type().get(type)) return error;
      if (type == ondemand::json_type::array) return read_content_parts(value, out);
      std::string_view text;
      if (auto error = read_string(value, text)) return error;
      if (!text.empty()) out.push_back(Delta::answer(std::string(text)));
      return simdjson::SUCCESS;
    }
    if (key == "reasoning_content" || key == "reasoning") {
      // Not part of OpenAI's API, so an unexpected shape is skipped rather than fatal.
      std::string_view text;
      if (read_string(value, text) || text.empty() || reasoning_seen) return simdjson::SUCCESS;
      reasoning_seen = true;
      out.push_back(Delta::thinking(std::string(text)));
      return simdjson::SUCCESS;
    }
    return simdjson::SUCCESS;  // role, refusal, tool_calls (not requested)
  });
}

simdjson::error_code OpenAIDecoder::read_content_parts(ondemand::value& parts,
                                                       std::vector<Delta>& out) {
  // Mistral's reasoning models: [{"type":"thinking","thinking":[{"type":"text","text":...}]},
  // {"type":"text","text":...}].
  return for_each_element(parts, [&](ondemand::value& part) {
    std::string_view type;
    std::string_view text;
    auto error = for_each_field(part, [&](std::string_view key, ondemand::value& value) {
      if (key == "type") return read_string(value, type);
      if (key == "text") return read_string(value, text);
      if (key == "thinking") {
        return for_each_element(value, [&](ondemand::value& item) {
          return for_each_field(item, [&](std::string_view item_key, ondemand::value& item_value) {
            if (item_key != "text") return simdjson::SUCCESS;
            std::string_view thought;
            if (auto read_error = read_string(item_value, thought)) return read_error;
            if (!thought.empty()) out.push_back(Delta::thinking(std::string(thought)));
            return simdjson::SUCCESS;
          });
        });
      }
      return simdjson::SUCCESS;
    });
    if (error) return error;
    if (!text.empty() && (type.empty() || type == "text")) {
      out.push_back(Delta::answer(std::string(text)));
    }
    return simdjson::SUCCESS;
  });
}

simdjson::error_code OpenAIDecoder::read_usage(ondemand::value& usage, Usage& counts) {
  return for_each_field(usage, [&](std::string_view key, ondemand::value& value) {
    if (key == "prompt_tokens") counts.input_tokens = read_count(value);
    if (key == "completion_tokens") counts.output_tokens = read_count(value);
    if (key == "completion_tokens_details") {
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "reasoning_tokens") counts.reasoning_tokens = read_count(v);
        return simdjson::SUCCESS;
      });
    }
    if (key == "prompt_tokens_details") {
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "cached_tokens") counts.cached_tokens = read_count(v);
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;
  });
}

simdjson::error_code OpenAIDecoder::read_error(ondemand::value& error, Chunk& chunk) {
  if (is_null(error)) return simdjson::SUCCESS;
  chunk.has_error = true;
  ondemand::json_type type;
  if (auto e = error.type().get(type)) return e;
  if (type == ondemand::json_type::string) return error.get_string().get(chunk.error_message);
  if (type != ondemand::json_type::object) return simdjson::SUCCESS;
  return for_each_field(error, [&](std::string_view key, ondemand::value& value) {
    // Codes are numbers at OpenRouter and strings at OpenAI; only strings are kept.
    if (key == "message") return read_string(value, chunk.error_message);
    if (key == "type" || (key == "code" && chunk.error_type.empty())) {
      std::string_view text;
      if (!read_string(value, text) && !text.empty()) chunk.error_type = text;
    }
    return simdjson::SUCCESS;
  });
}

}  // namespace tinychat::providers
