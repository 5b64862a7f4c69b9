#pragma once

#include "tinychat/provider.h"

namespace tinychat::providers {

/// OpenAI chat completions, and the servers that copy it (OpenAIDialect says which).
class OpenAIProvider final : public Provider {
 public:
  explicit OpenAIProvider(ProviderConfig config) : config_(std::move(config)) {}

  const ProviderConfig& config() const override { return config_; }
  HttpRequest build_request(std::span<const Message> history,
                            const RequestOptions& options) const override;
  Framing framing() const override { return Framing::sse; }
  std::unique_ptr<EventDecoder> make_decoder() const override;
  std::string error_message(std::string_view body) const override;
  HttpRequest build_models_request() const override;
  Error parse_models(std::string_view body, std::vector<ModelInfo>& out) const override;

 private:
  ProviderConfig config_;
};

}  // namespace tinychat::providers
