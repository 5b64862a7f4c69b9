#include "anthropic_provider.h"
#include "cohere_provider.h"
#include "gemini_provider.h"
#include "openai_provider.h"
#include "tinychat/provider.h"

namespace tinychat {

std::unique_ptr<Provider> make_provider(ProviderConfig config) {
  switch (config.family) {
    case ApiFamily::openai:
      return std::make_unique<providers::OpenAIProvider>(std::move(config));
    case ApiFamily::anthropic:
      return std::make_unique<providers::AnthropicProvider>(std::move(config));
    case ApiFamily::gemini:
      return std::make_unique<providers::GeminiProvider>(std::move(config));
    case ApiFamily::cohere:
      return std::make_unique<providers::CohereProvider>(std::move(config));
  }
  return std::make_unique<providers::OpenAIProvider>(std::move(config));  // unreachable enum value
}

}  // namespace tinychat
