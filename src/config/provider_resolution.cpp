#include <cctype>

#include "tinychat/provider_registry.h"
#include "tinychat/settings.h"

namespace tinychat {

namespace {

std::string trim_trailing_slashes(std::string url) {
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

const EndpointSettings* endpoint_serving(const Settings& settings, std::string_view model) {
  for (const EndpointSettings& endpoint : settings.endpoints) {
    for (const std::string& served : endpoint.models) {
      if (served == model) return &endpoint;
    }
  }
  return nullptr;
}

// Someone who swaps arguments may pass a key where a provider's name goes, and keys never go into
// messages. Names are short; every provider's keys are longer than 24 characters.
bool looks_like_a_name(std::string_view name) {
  if (name.empty() || name.size() > 24 || name.starts_with("sk-")) return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// The provider or endpoint name the choice implies, and whether it came from the config file's
// default_provider (so that an unknown one can be blamed on the right place).
struct Choice {
  std::string name;
  bool from_default_provider = false;
};

Choice configured_default_or_openai(const Settings& settings) {
  if (settings.default_provider.empty()) return {"openai"};
  return {settings.default_provider, true};
}

Choice choose_provider(const ProviderChoice& choice, const Settings& settings) {
  if (!choice.provider.empty()) return {choice.provider};
  if (!choice.model.empty()) {
    if (const EndpointSettings* endpoint = endpoint_serving(settings, choice.model))
      return {endpoint->name};
    if (auto inferred = infer_provider_from_model(choice.model)) return {std::string(*inferred)};
    return configured_default_or_openai(settings);
  }
  if (!settings.default_provider.empty()) return {settings.default_provider, true};
  if (!settings.default_model.empty()) {
    if (const EndpointSettings* endpoint = endpoint_serving(settings, settings.default_model))
      return {endpoint->name};
    if (auto inferred = infer_provider_from_model(settings.default_model))
      return {std::string(*inferred)};
  }
  return {"openai"};
}

Error unknown_provider(const Choice& chosen, const Settings& settings,
                       const std::filesystem::path& config_path) {
  std::string message = "unknown provider";
  message += looks_like_a_name(chosen.name) ? " \"" + chosen.name + "\""
                                            : " (not repeated here: it looks like an API key)";
  if (chosen.from_default_provider)
    message += " (default_provider in " + config_path.string() + ")";
  message += ": use one of ";
  std::string names;
  for (const BuiltinProvider& p : builtin_providers())
    names += (names.empty() ? "" : ", ") + std::string(p.name);
  for (const EndpointSettings& e : settings.endpoints) names += ", " + e.name;
  return Error(ErrorCode::invalid_argument, message + names);
}

// Whether the config file's default model is meant for `provider`: a default model of another
// provider's (claude-* when -p gemini) would only earn an error from the server.
bool default_model_fits(const Settings& settings, std::string_view provider,
                        const EndpointSettings* endpoint) {
  const std::string& model = settings.default_model;
  if (model.empty()) return false;
  if (provider == settings.default_provider) return true;
  if (endpoint) {
    for (const std::string& served : endpoint->models) {
      if (served == model) return true;
    }
    return false;
  }
  const auto inferred = infer_provider_from_model(model);
  return inferred && *inferred == provider;
}

Error resolve_endpoint(const ProviderChoice& choice, const Settings& settings,
                       const Environment& env, const std::filesystem::path& config_path,
                       const EndpointSettings& endpoint, ResolvedProvider& out) {
  out.config.name = endpoint.name;
  out.config.family = ApiFamily::openai;
  out.config.dialect = OpenAIDialect::generic;
  const bool from_flag = !choice.base_url.empty();
  const std::string& base_url = from_flag ? choice.base_url : endpoint.base_url;
  if (Error error = check_base_url(
          base_url, from_flag ? std::string("--base-url")
                              : "endpoint \"" + endpoint.name + "\" in " + config_path.string())) {
    return error;
  }
  out.config.base_url = trim_trailing_slashes(base_url);
  // A local server may need no key at all, so an empty one is fine here.
  out.config.api_key = endpoint.api_key;
  if (!endpoint.api_key_env.empty()) {
    if (auto key = env(endpoint.api_key_env)) out.config.api_key = *key;
  }
  out.model = choice.model;
  if (out.model.empty() && default_model_fits(settings, endpoint.name, &endpoint))
    out.model = settings.default_model;
  if (out.model.empty() && !endpoint.models.empty()) out.model = endpoint.models.front();
  if (out.model.empty()) {
    return Error(ErrorCode::invalid_argument, "no model given for endpoint " + endpoint.name +
                                                  ": pass -m MODEL or add \"models\" to it in " +
                                                  config_path.string());
  }
  return {};
}

Error missing_key(const BuiltinProvider& builtin, const std::filesystem::path& config_path) {
  std::string variables;
  for (std::string_view variable : builtin.key_variables)
    variables += (variables.empty() ? "" : " or ") + std::string(variable);
  const std::string name(builtin.name);
  return Error(ErrorCode::missing_key, "No API key for " + name + ": set " + variables +
                                           ", or add \"api_key\" under \"providers\" → \"" + name +
                                           "\" in " + config_path.string());
}

Error resolve_builtin(const ProviderChoice& choice, const Settings& settings,
                      const Environment& env, const std::filesystem::path& config_path,
                      const BuiltinProvider& builtin, bool require_key, ResolvedProvider& out) {
  const std::string name(builtin.name);
  const auto configured = settings.providers.find(name);
  const ProviderSettings from_file =
      configured == settings.providers.end() ? ProviderSettings{} : configured->second;

  out.config.name = name;
  out.config.family = builtin.family;
  out.config.dialect = builtin.dialect;
  std::string base_url = choice.base_url;
  std::string source = "--base-url";
  if (base_url.empty()) {
    base_url = env(builtin.base_url_variable).value_or("");
    source = builtin.base_url_variable;
  }
  if (base_url.empty()) {
    base_url = from_file.base_url;
    source = "providers." + name + ".base_url in " + config_path.string();
  }
  if (base_url.empty()) base_url = std::string(builtin.default_base_url);
  if (Error error = check_base_url(base_url, source)) return error;
  out.config.base_url = trim_trailing_slashes(base_url);

  for (std::string_view variable : builtin.key_variables) {
    if (auto key = env(variable)) {
      out.config.api_key = *key;
      break;
    }
  }
  if (out.config.api_key.empty()) out.config.api_key = from_file.api_key;
  // A local OpenAI-compatible server reached through a base URL of the user's own may need no
  // key; the provider's own service always does.
  const bool own_server = is_own_server(name, out.config.base_url);
  out.model = choice.model;
  if (out.model.empty() && default_model_fits(settings, name, nullptr))
    out.model = settings.default_model;
  if (out.model.empty()) out.model = std::string(builtin.default_model);
  if (require_key && out.config.api_key.empty() && !own_server)
    return missing_key(builtin, config_path);
  return {};
}

Error resolve(const ProviderChoice& choice, const Settings& settings, const Environment& env,
              const std::filesystem::path& config_path, bool require_key, ResolvedProvider& out) {
  const Choice chosen = choose_provider(choice, settings);
  // Filled aside, so that `out` is left as it was on an error.
  ResolvedProvider resolved;
  Error error;
  // Built-in names first: the config file cannot give an endpoint one (load_settings refuses).
  if (const BuiltinProvider* builtin = find_builtin_provider(chosen.name)) {
    error = resolve_builtin(choice, settings, env, config_path, *builtin, require_key, resolved);
  } else if (const EndpointSettings* endpoint = settings.find_endpoint(chosen.name)) {
    error = resolve_endpoint(choice, settings, env, config_path, *endpoint, resolved);
  } else {
    error = unknown_provider(chosen, settings, config_path);
  }
  if (!error) out = std::move(resolved);
  return error;
}

}  // namespace

Error resolve_provider(const ProviderChoice& choice, const Settings& settings,
                       const Environment& env, const std::filesystem::path& config_path,
                       ResolvedProvider& out) {
  return resolve(choice, settings, env, config_path, true, out);
}

Error resolve_provider_ignoring_key(const ProviderChoice& choice, const Settings& settings,
                                    const Environment& env,
                                    const std::filesystem::path& config_path,
                                    ResolvedProvider& out) {
  return resolve(choice, settings, env, config_path, false, out);
}

}  // namespace tinychat
