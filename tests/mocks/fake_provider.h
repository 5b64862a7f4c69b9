#pragma once

#include <memory>
#include <string>

#include "tinychat/provider.h"

namespace tinychat::testing {

/// A provider with a trivial wire format, to test the chat layer apart from real adapters:
/// each SSE event's data is a piece of the answer, "[END]" ends the stream, "[REASON]x" is
/// reasoning, "ERR:x" is an error event. The request body lists the history as "role:content"
/// lines, so tests can read what was sent.
class FakeProvider : public Provider {
 public:
  explicit FakeProvider(std::string api_key = "fake-key",
                        std::string base_url = "http://127.0.0.1:9/v1") {
    config_.name = "fake";
    config_.base_url = std::move(base_url);
    config_.api_key = std::move(api_key);
  }

  const ProviderConfig& config() const override { return config_; }

  HttpRequest build_request(std::span<const Message> history,
                            const RequestOptions& options) const override {
    HttpRequest request;
    request.url = config_.base_url + "/chat";
    request.headers.push_back({"Authorization", "Bearer " + config_.api_key});
    request.body = "model:" + options.model + "\n";
    if (options.temperature)
      request.body += "temperature:" + std::to_string(*options.temperature) + "\n";
    for (const Message& m : history) {
      request.body += std::string(to_string(m.role)) + ":" + m.content + "\n";
    }
    return request;
  }

  Framing framing() const override { return Framing::sse; }

  std::unique_ptr<EventDecoder> make_decoder() const override {
    return std::make_unique<Decoder>();
  }

  std::string error_message(std::string_view body) const override {
    const std::string_view prefix = "message=";
    return body.starts_with(prefix) ? std::string(body.substr(prefix.size())) : std::string();
  }

  /// GET {base}/models. The reply lists one model id per line; a line that starts with '<' (an
  /// HTML page) makes it no list at all, and the error quotes that line.
  HttpRequest build_models_request() const override {
    HttpRequest request;
    request.method = "GET";
    request.url = config_.base_url + "/models";
    request.headers.push_back({"Authorization", "Bearer " + config_.api_key});
    return request;
  }

  Error parse_models(std::string_view body, std::vector<ModelInfo>& out) const override {
    out.clear();
    while (!body.empty()) {
      const std::size_t end = body.find('\n');
      const std::string_view line = body.substr(0, end);
      body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
      if (line.starts_with('<')) {
        out.clear();
        return Error(ErrorCode::malformed_stream, "not a model id: " + std::string(line));
      }
      if (!line.empty()) out.push_back({std::string(line), ""});
    }
    return {};
  }

 private:
  class Decoder : public EventDecoder {
   public:
    Error decode(std::string_view, std::string_view data, std::vector<Delta>& out) override {
      if (data == "[END]") {
        out.push_back(Delta::finished("stop"));
        complete_ = true;
      } else if (data.starts_with("ERR:")) {
        return Error(ErrorCode::stream_error, std::string(data.substr(4)));
      } else if (data.starts_with("[REASON]")) {
        out.push_back(Delta::thinking(std::string(data.substr(8))));
      } else {
        out.push_back(Delta::answer(std::string(data)));
      }
      return {};
    }
    bool complete() const override { return complete_; }
    std::string_view end_marker() const override { return "data: [END]"; }

   private:
    bool complete_ = false;
  };

  ProviderConfig config_;
};

}  // namespace tinychat::testing
