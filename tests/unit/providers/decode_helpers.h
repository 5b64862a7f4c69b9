#pragma once

// Helpers for the provider tests: a minimal event splitter for recorded streams (so the tests
// need only the decoders) and a runner that feeds events to a decoder and sums the deltas.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tinychat/provider.h"

namespace tinychat::testing {

struct Event {
  std::string type;
  std::string data;
};

/// Splits an SSE body into events: enough of the standard for recorded provider streams
/// (CRLF or LF lines, `event`/`data` fields, one leading space dropped, comments skipped).
inline std::vector<Event> split_sse(std::string_view body) {
  std::vector<Event> events;
  Event current;
  bool has_data = false;
  while (!body.empty()) {
    std::size_t end = body.find_first_of("\r\n");
    const std::string_view line = body.substr(0, end);
    if (end == std::string_view::npos) break;  // an unterminated last line is discarded
    end += (body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n') ? 2 : 1;
    body.remove_prefix(end);
    if (line.empty()) {
      if (has_data) {
        current.data.pop_back();
        if (current.type.empty()) current.type = "message";
        events.push_back(std::move(current));
      }
      current = {};
      has_data = false;
      continue;
    }
    if (line.starts_with(':')) continue;
    const std::size_t colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (value.starts_with(' ')) value.remove_prefix(1);
    if (name == "event") current.type = value;
    if (name == "data") {
      current.data.append(value).push_back('\n');
      has_data = true;
    }
  }
  return events;
}

/// The non-blank lines of an NDJSON body, as events with an empty type.
inline std::vector<Event> split_ndjson(std::string_view body) {
  std::vector<Event> events;
  while (!body.empty()) {
    const std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!line.empty()) events.push_back({"", std::string(line)});
  }
  return events;
}

/// What a stream decoded to, summed as a chat session would.
struct Decoded {
  std::string text;
  std::string reasoning;
  std::string finish;
  Usage usage;
  std::vector<Delta> deltas;
  Error error;
  bool complete = false;
};

/// Feeds `events` to a fresh decoder of `provider` until the first error.
inline Decoded decode_events(const Provider& provider, const std::vector<Event>& events) {
  Decoded result;
  auto decoder = provider.make_decoder();
  for (const Event& event : events) {
    const std::size_t before = result.deltas.size();
    result.error = decoder->decode(event.type, event.data, result.deltas);
    for (std::size_t i = before; i < result.deltas.size(); ++i) {
      const Delta& delta = result.deltas[i];
      switch (delta.kind) {
        case DeltaKind::text:
          result.text += delta.text;
          break;
        case DeltaKind::reasoning:
          result.reasoning += delta.text;
          break;
        case DeltaKind::finish:
          result.finish = delta.text;
          break;
        case DeltaKind::usage: {
          const Usage& u = delta.usage;
          if (u.input_tokens >= 0) result.usage.input_tokens = u.input_tokens;
          if (u.output_tokens >= 0) result.usage.output_tokens = u.output_tokens;
          if (u.reasoning_tokens >= 0) result.usage.reasoning_tokens = u.reasoning_tokens;
          if (u.cached_tokens >= 0) result.usage.cached_tokens = u.cached_tokens;
          break;
        }
      }
    }
    if (result.error) break;
  }
  result.complete = decoder->complete();
  return result;
}

/// Decodes data-only SSE events given as their data.
inline Decoded decode_data(const Provider& provider, const std::vector<std::string>& data) {
  std::vector<Event> events;
  for (const std::string& d : data) events.push_back({"message", d});
  return decode_events(provider, events);
}

inline std::unique_ptr<Provider> provider_for(ApiFamily family,
                                              OpenAIDialect dialect = OpenAIDialect::generic,
                                              std::string base_url = "https://api.example.com/v1",
                                              std::string key = "sk-test-key-1234") {
  return make_provider({"test", family, dialect, std::move(base_url), std::move(key)});
}

/// The value of the first header with this exact name, or "<none>".
inline std::string header_value(const HttpRequest& request, std::string_view name) {
  for (const HttpHeader& header : request.headers) {
    if (header.name == name) return header.value;
  }
  return "<none>";
}

inline nlohmann::json body_of(const HttpRequest& request) {
  return nlohmann::json::parse(request.body);
}

}  // namespace tinychat::testing
