#pragma once

#include "tinychat/provider.h"

namespace tinychat::providers {

/// Anthropic Messages: system prompt apart from the messages, max_tokens required.
class AnthropicProvider final : public Provider {
 public:
  /// Sent when the caller sets no limit: the API refuses a request without one.
  static constexpr int kDefaultMaxTokens = 8192;

  explicit AnthropicProvider(ProviderConfig config) : config_(std::move(config)) {}

  const ProviderConfig& config() const override { return config_; }
  HttpRequest build_request(std::span<const Message> history,
                            const RequestOptions& options) const override;
  Framing framing() const override { return Framing::sse; }
  std::unique_ptr<EventDecoder> make_decoder() const override;
  std::string error_message(std::string_view body) const override;
  HttpRequest build_models_request() const override;
  Error parse_models(std::string_view body, std::vector<ModelInfo>& out) const override;

 private:
  /// The key and API version headers that every request carries.
  void add_headers(HttpRequest& request) const;

  ProviderConfig config_;
};

}  // namespace tinychat::providers
