#include "tinychat/provider_registry.h"

#include <array>

namespace tinychat {

namespace {

const std::array<BuiltinProvider, 6>& registry() {
  static const std::array<BuiltinProvider, 6> providers{{
      {"openai",
       ApiFamily::openai,
       OpenAIDialect::openai,
       "https://api.openai.com/v1",
       {"OPENAI_API_KEY"},
       "OPENAI_BASE_URL",
       "gpt-4o"},
      {"anthropic",
       ApiFamily::anthropic,
       OpenAIDialect::generic,
       "https://api.anthropic.com/v1",
       {"ANTHROPIC_API_KEY"},
       "ANTHROPIC_BASE_URL",
       "claude-sonnet-4-5"},
      {"mistral",
       ApiFamily::openai,
       OpenAIDialect::mistral,
       "https://api.mistral.ai/v1",
       {"MISTRAL_API_KEY"},
       "MISTRAL_BASE_URL",
       "mistral-large-latest"},
      {"together",
       ApiFamily::openai,
       OpenAIDialect::together,
       "https://api.together.xyz/v1",
       {"TOGETHER_API_KEY"},
       "TOGETHER_BASE_URL",
       "meta-llama/Llama-3.3-70B-Instruct-Turbo"},
      {"gemini",
       ApiFamily::gemini,
       OpenAIDialect::generic,
       "https://generativelanguage.googleapis.com/v1beta",
       {"GEMINI_API_KEY", "GOOGLE_API_KEY"},
       "GEMINI_BASE_URL",
       "gemini-2.5-flash"},
      {"cohere",
       ApiFamily::cohere,
       OpenAIDialect::generic,
       "https://api.cohere.com/v2",
       {"COHERE_API_KEY"},
       "COHERE_BASE_URL",
       "command-a-03-2025"},
  }};
  return providers;
}

bool starts_with_any(std::string_view model, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view prefix : prefixes) {
    if (model.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

std::span<const BuiltinProvider> builtin_providers() { return registry(); }

const BuiltinProvider* find_builtin_provider(std::string_view name) {
  for (const BuiltinProvider& provider : registry()) {
    if (provider.name == name) return &provider;
  }
  return nullptr;
}

std::optional<std::string_view> infer_provider_from_model(std::string_view model) {
  if (starts_with_any(model, {"claude-"})) return "anthropic";
  if (starts_with_any(model, {"gemini-"})) return "gemini";
  if (starts_with_any(model, {"command-", "command"})) return "cohere";
  if (starts_with_any(model, {"mistral-", "codestral-", "magistral-", "ministral-", "open-mistral-",
                              "open-mixtral-", "pixtral-", "devstral-"})) {
    return "mistral";
  }
  if (starts_with_any(model, {"gpt-", "o1", "o3", "o4", "chatgpt-"})) return "openai";
  // Together names its models vendor/model (meta-llama/Llama-3.3-70B-Instruct-Turbo).
  if (model.find('/') != std::string_view::npos) return "together";
  return std::nullopt;
}

bool is_own_server(std::string_view provider, std::string_view base_url) {
  const BuiltinProvider* builtin = find_builtin_provider(provider);
  if (builtin == nullptr) return true;  // a configured endpoint
  auto without_trailing_slashes = [](std::string_view url) {
    while (url.size() > 1 && url.back() == '/') url.remove_suffix(1);
    return url;
  };
  return without_trailing_slashes(base_url) != without_trailing_slashes(builtin->default_base_url);
}

}  // namespace tinychat
