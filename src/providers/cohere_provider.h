#pragma once

#include "tinychat/provider.h"

namespace tinychat::providers {

/// Cohere chat: v2 (messages, SSE) by default; v1 (message + chat_history, NDJSON) when the base
/// URL ends in /v1, for accounts and proxies still on the old API.
class CohereProvider final : public Provider {
 public:
  explicit CohereProvider(ProviderConfig config);

  const ProviderConfig& config() const override { return config_; }
  HttpRequest build_request(std::span<const Message> history,
                            const RequestOptions& options) const override;
  Framing framing() const override { return v1_ ? Framing::ndjson : Framing::sse; }
  std::unique_ptr<EventDecoder> make_decoder() const override;
  std::string error_message(std::string_view body) const override;
  HttpRequest build_models_request() const override;
  Error parse_models(std::string_view body, std::vector<ModelInfo>& out) const override;

 private:
  std::string v1_body(std::span<const Message> history, const RequestOptions& options) const;
  std::string v2_body(std::span<const Message> history, const RequestOptions& options) const;

  ProviderConfig config_;
  bool v1_ = false;
};

}  // namespace tinychat::providers
