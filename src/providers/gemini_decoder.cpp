#include "gemini_decoder.h"

#include <algorithm>

namespace tinychat::providers {

Error GeminiDecoder::decode(std::string_view type, std::string_view data, std::vector<Delta>& out) {
  if (is_blank(data)) return {};
  const std::size_t mark = out.size();
  Response response;
  const simdjson::error_code error = read_object(data, [&](ondemand::object& root) {
    response = Response{};
    out.resize(mark);
    return read_response(root, response, out);
  });
  if (error) {
    out.resize(mark);
    return malformed(type, data, error);
  }
  if (response.has_error) {
    if (!response.error_message.empty()) return server_error(response.error_message);
    return server_error("Gemini reported an error in the stream" +
                        (response.error_status.empty()
                             ? std::string()
                             : " (" + std::string(response.error_status) + ")"));
  }
  if (response.candidates == 0 && !response.block_reason.empty()) {
    return server_error("prompt blocked: " + std::string(response.block_reason));
  }
  if (!response.finish_reason.empty()) {
    out.push_back(Delta::finished(std::string(response.finish_reason)));
    complete_ = true;
  }
  if (!response.usage.empty()) out.push_back(Delta::counted(response.usage));
  return {};
}

simdjson::error_code GeminiDecoder::read_response(ondemand::object& root, Response& response,
                                                  std::vector<Delta>& out) {
  return for_each_field(root, [&](std::string_view key, ondemand::value& value) {
    if (key == "candidates") {
      // One candidate is asked for; only the first is read.
      return for_each_element(value, [&](ondemand::value& candidate) {
        if (response.candidates++ > 0) return simdjson::SUCCESS;
        return read_candidate(candidate, response, out);
      });
    }
    if (key == "usageMetadata") return read_usage(value, response.usage);
    if (key == "promptFeedback") {
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "blockReason") return read_string(v, response.block_reason);
        return simdjson::SUCCESS;
      });
    }
    if (key == "error") {
      response.has_error = true;
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "message") return read_string(v, response.error_message);
        if (k == "status") return read_string(v, response.error_status);
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;  // modelVersion, responseId...
  });
}

simdjson::error_code GeminiDecoder::read_candidate(ondemand::value& candidate, Response& response,
                                                   std::vector<Delta>& out) {
  return for_each_field(candidate, [&](std::string_view key, ondemand::value& value) {
    if (key == "content") {
      // A chunk may have no content or no parts (the last one often has only finishReason).
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k != "parts") return simdjson::SUCCESS;
        return for_each_element(v, [&](ondemand::value& part) { return read_part(part, out); });
      });
    }
    if (key == "finishReason") return read_string(value, response.finish_reason);
    return simdjson::SUCCESS;  // index, safetyRatings, citationMetadata...
  });
}

simdjson::error_code GeminiDecoder::read_part(ondemand::value& part, std::vector<Delta>& out) {
  std::string_view text;
  bool thought = false;
  auto error = for_each_field(part, [&](std::string_view key, ondemand::value& value) {
    if (key == "text") return read_string(value, text);
    if (key == "thought") {
      // A thought summary is marked "thought": true; anything else reads as false.
      bool flag = false;
      if (!value.get_bool().get(flag)) thought = flag;
    }
    return simdjson::SUCCESS;  // thoughtSignature, functionCall, inlineData...
  });
  if (error) return error;
  if (!text.empty()) {
    out.push_back(thought ? Delta::thinking(std::string(text)) : Delta::answer(std::string(text)));
  }
  return simdjson::SUCCESS;
}

simdjson::error_code GeminiDecoder::read_usage(ondemand::value& usage, Usage& counts) {
  std::int64_t candidates = -1;
  auto error = for_each_field_if_object(usage, [&](std::string_view key, ondemand::value& value) {
    if (key == "promptTokenCount") counts.input_tokens = read_count(value);
    if (key == "candidatesTokenCount") candidates = read_count(value);
    if (key == "thoughtsTokenCount") counts.reasoning_tokens = read_count(value);
    if (key == "cachedContentTokenCount") counts.cached_tokens = read_count(value);
    return simdjson::SUCCESS;
  });
  // Gemini counts thoughts apart from the candidates; Usage counts reasoning as part of the
  // output, as OpenAI does.
  if (candidates >= 0 || counts.reasoning_tokens >= 0) {
    counts.output_tokens =
        std::max<std::int64_t>(candidates, 0) + std::max<std::int64_t>(counts.reasoning_tokens, 0);
  }
  return error;
}

}  // namespace tinychat::providers
