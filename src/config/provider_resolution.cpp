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

std::string known_names(const Settings& settings) {
  std::string names;
  for (const BuiltinProvider& p : builtin_providers())
    names += (names.empty() ? "" : ", ") + std::string(p.name);
  for (const EndpointSettings& e : settings.endpoints) names += ", " + e.name;
  return names;
}

// The provider or endpoint name the choice implies, by the rules settings.h documents.
std::string choose_provider(const ProviderChoice& choice, const Settings& settings) {
  if (!choice.provider.empty()) return choice.provider;
  if (!choice.model.empty()) {
    if (const EndpointSettings* endpoint = endpoint_serving(settings, choice.model))
      return endpoint->name;
    if (auto inferred = infer_provider_from_model(choice.model)) return std::string(*inferred);
    return settings.default_provider.empty() ? "openai" : settings.default_provider;
  }
  if (!settings.default_provider.empty()) return settings.default_provider;
  if (!settings.default_model.empty()) {
    if (const EndpointSettings* endpoint = endpoint_serving(settings, settings.default_model))
      return endpoint->name;
    if (auto inferred = infer_provider_from_model(settings.default_model))
      return std::string(*inferred);
  }
  return "openai";
}

// Whether the config file's default model is meant for `provider`.
bool default_model_fits(const Settings& settings, const std::string& provider,
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
  out.config.base_url =
      trim_trailing_slashes(choice.base_url.empty() ? endpoint.base_url : choice.base_url);
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

}  // namespace

Error resolve_provider(const ProviderChoice& choice, const Settings& settings,
                       const Environment& env, const std::filesystem::path& config_path,
                       ResolvedProvider& out) {
  const std::string name = choose_provider(choice, settings);
  if (const EndpointSettings* endpoint = settings.find_endpoint(name)) {
    return resolve_endpoint(choice, settings, env, config_path, *endpoint, out);
  }
  const BuiltinProvider* builtin = find_builtin_provider(name);
  if (!builtin) {
    return Error(ErrorCode::invalid_argument,
                 "unknown provider \"" + name + "\": use one of " + known_names(settings));
  }
  const auto configured = settings.providers.find(name);
  const ProviderSettings* file =
      configured == settings.providers.end() ? nullptr : &configured->second;

  out.config.name = name;
  out.config.family = builtin->family;
  out.config.dialect = builtin->dialect;
  std::string base_url = choice.base_url;
  if (base_url.empty()) {
    if (auto from_env = env(builtin->base_url_variable)) base_url = *from_env;
  }
  if (base_url.empty() && file) base_url = file->base_url;
  if (base_url.empty()) base_url = std::string(builtin->default_base_url);
  out.config.base_url = trim_trailing_slashes(base_url);

  out.config.api_key.clear();
  for (std::string_view variable : builtin->key_variables) {
    if (auto key = env(variable)) {
      out.config.api_key = *key;
      break;
    }
  }
  if (out.config.api_key.empty() && file) out.config.api_key = file->api_key;
  // A local OpenAI-compatible server reached through a base URL of the user's own may need no
  // key; the provider's own service always does.
  const bool own_server =
      out.config.base_url != trim_trailing_slashes(std::string(builtin->default_base_url));
  if (out.config.api_key.empty() && !own_server) {
    std::string variables;
    for (std::string_view variable : builtin->key_variables) {
      variables += (variables.empty() ? "" : " or ") + std::string(variable);
    }
    return Error(ErrorCode::missing_key, "No API key for " + name + ": set " + variables +
                                             ", or add \"api_key\" under \"providers\" → \"" +
                                             name + "\" in " + config_path.string());
  }

  out.model = choice.model;
  if (out.model.empty() && default_model_fits(settings, name, nullptr))
    out.model = settings.default_model;
  if (out.model.empty()) out.model = std::string(builtin->default_model);
  return {};
}

}  // namespace tinychat
