#include "cohere_decoder.h"

namespace tinychat::providers {

namespace {

simdjson::error_code read_counts(ondemand::value& value, Usage& counts) {
  return for_each_field_if_object(value, [&](std::string_view key, ondemand::value& v) {
    if (key == "input_tokens") counts.input_tokens = read_count(v);
    if (key == "output_tokens") counts.output_tokens = read_count(v);
    return simdjson::SUCCESS;
  });
}

}  // namespace

Error CohereDecoder::decode(std::string_view type, std::string_view data, std::vector<Delta>& out) {
  // Some gateways append an OpenAI-style [DONE]; message-end has already ended the answer.
  if (is_blank(data) || data == "[DONE]") return {};
  Event event;
  const simdjson::error_code error = read_object(data, [&](ondemand::object& root) {
    event = Event{};
    return read_event(root, event);
  });
  if (error) return malformed(type, data, error);
  if (event.type.empty() && type != "message") event.type = type;

  if (event.type == "content-delta") {
    if (!event.text.empty()) out.push_back(Delta::answer(std::string(event.text)));
    if (!event.thinking.empty()) out.push_back(Delta::thinking(std::string(event.thinking)));
  } else if (event.type == "message-end") {
    if (event.finish_reason == "ERROR") {
      if (!event.delta_error.empty()) return server_error(event.delta_error);
      return server_error("The model stopped with finish reason ERROR");
    }
    if (!event.finish_reason.empty()) {
      out.push_back(Delta::finished(std::string(event.finish_reason)));
    }
    // tokens are what the model saw (with Cohere's own prompt template); billed_units what the
    // account paid. The first is the truer count; billed is the fallback.
    const Usage& usage = event.tokens.empty() ? event.billed : event.tokens;
    if (!usage.empty()) out.push_back(Delta::counted(usage));
    complete_ = true;
  } else if (event.type == "error" || (event.type.empty() && !event.message.empty())) {
    if (!event.message.empty()) return server_error(event.message);
    if (!event.delta_error.empty()) return server_error(event.delta_error);
    return server_error("Cohere reported an error in the stream");
  }
  // message-start, content-start/-end, tool-plan-delta, tool-call-*, citation-*: nothing to show.
  return {};
}

simdjson::error_code CohereDecoder::read_event(ondemand::object& root, Event& event) {
  return for_each_field(root, [&](std::string_view key, ondemand::value& value) {
    if (key == "type") return read_string(value, event.type);
    if (key == "delta") return read_delta(value, event);
    if (key == "message") {
      // An error object's text; not an error for any other shape.
      std::string_view text;
      if (!read_string(value, text)) event.message = text;
    }
    return simdjson::SUCCESS;  // id, index
  });
}

simdjson::error_code CohereDecoder::read_delta(ondemand::value& delta, Event& event) {
  return for_each_field_if_object(delta, [&](std::string_view key, ondemand::value& value) {
    if (key == "message") {
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k != "content") return simdjson::SUCCESS;
        // content is {"text":...} in content-delta but [] in message-start.
        ondemand::json_type type;
        if (auto error = v.type().get(type)) return error;
        if (type != ondemand::json_type::object) return simdjson::SUCCESS;
        return for_each_field(v, [&](std::string_view field, ondemand::value& text) {
          if (field == "text") return read_string(text, event.text);
          if (field == "thinking") return read_string(text, event.thinking);
          return simdjson::SUCCESS;
        });
      });
    }
    if (key == "finish_reason") return read_string(value, event.finish_reason);
    if (key == "error") {
      std::string_view text;
      if (!read_string(value, text)) event.delta_error = text;
      return simdjson::SUCCESS;
    }
    if (key == "usage") {
      return for_each_field_if_object(value, [&](std::string_view k, ondemand::value& v) {
        if (k == "tokens") return read_counts(v, event.tokens);
        if (k == "billed_units") return read_counts(v, event.billed);
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;
  });
}

}  // namespace tinychat::providers
