#include "cohere_v1_decoder.h"

namespace tinychat::providers {

Error CohereV1Decoder::decode(std::string_view type, std::string_view data,
                              std::vector<Delta>& out) {
  if (is_blank(data)) return {};
  Line line;
  const simdjson::error_code error = read_object(data, [&](ondemand::object& root) {
    line = Line{};
    return read_line(root, line);
  });
  if (error) return malformed(type, data, error);

  if (line.event_type == "text-generation") {
    if (!line.text.empty()) out.push_back(Delta::answer(std::string(line.text)));
  } else if (line.event_type == "stream-end") {
    const std::string_view reason =
        line.finish_reason.empty() ? line.response_finish_reason : line.finish_reason;
    // ERROR, ERROR_TOXIC, ERROR_LIMIT: the generation failed part way.
    if (reason.starts_with("ERROR")) {
      return server_error("The model stopped with finish reason " + std::string(reason));
    }
    if (!reason.empty()) out.push_back(Delta::finished(std::string(reason)));
    if (!line.billed.empty()) out.push_back(Delta::counted(line.billed));
    complete_ = true;
  } else if (line.event_type.empty() && !line.message.empty()) {
    return server_error(line.message);
  }
  // stream-start, search-*, citation-generation, tool-calls-*: nothing to show.
  return {};
}

simdjson::error_code CohereV1Decoder::read_line(ondemand::object& root, Line& line) {
  return for_each_field(root, [&](std::string_view key, ondemand::value& value) {
    if (key == "event_type") return read_string(value, line.event_type);
    if (key == "text") return read_string(value, line.text);
    if (key == "finish_reason") return read_string(value, line.finish_reason);
    if (key == "message") {
      std::string_view text;
      if (!read_string(value, text)) line.message = text;
      return simdjson::SUCCESS;
    }
    if (key == "response") {
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "finish_reason") return read_string(v, line.response_finish_reason);
        if (k != "meta") return simdjson::SUCCESS;
        return for_each_field_if_object(v, [&](std::string_view meta_key, ondemand::value& m) {
          if (meta_key != "billed_units") return simdjson::SUCCESS;
          return for_each_field_if_object(m, [&](std::string_view count, ondemand::value& c) {
            if (count == "input_tokens") line.billed.input_tokens = read_count(c);
            if (count == "output_tokens") line.billed.output_tokens = read_count(c);
            return simdjson::SUCCESS;
          });
        });
      });
    }
    return simdjson::SUCCESS;  // is_finished, generation_id...
  });
}

}  // namespace tinychat::providers
