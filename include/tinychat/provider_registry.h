#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/provider.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// A provider tinychat knows out of the box.
struct BuiltinProvider {
  std::string_view name;  ///< "openai", "anthropic", "mistral", "together", "gemini", "cohere".
  ApiFamily family;
  OpenAIDialect dialect;
  std::string_view default_base_url;
  std::vector<std::string_view> key_variables;  ///< Environment variables, first found wins.
  std::string_view base_url_variable;           ///< e.g. "OPENAI_BASE_URL".
  std::string_view default_model;
};

/// The six built-in providers, in the order the help text lists them.
TINYCHAT_API std::span<const BuiltinProvider> builtin_providers();
/// The built-in provider with this name, or nullptr.
TINYCHAT_API const BuiltinProvider* find_builtin_provider(std::string_view name);
/// The provider a model name implies: claude-* anthropic, gemini-* gemini, command-* cohere,
/// mistral-*, codestral-*, magistral-* mistral, gpt-*, o1*, o3*, o4* openai, vendor/model
/// together. nullopt when the name says nothing.
TINYCHAT_API std::optional<std::string_view> infer_provider_from_model(std::string_view model);
/// Whether `base_url` reaches a server of the user's own (Ollama, llama.cpp, a company proxy)
/// rather than `provider`'s own service: any base URL but a built-in provider's default,
/// trailing slashes ignored. Such a server may need no key and serves its own models.
TINYCHAT_API bool is_own_server(std::string_view provider, std::string_view base_url);

}  // namespace tinychat
