#include "settings_json.h"

#include <set>

#include "price_table_json.h"
#include "tinychat/provider_registry.h"

namespace tinychat::config {

namespace {

// Each reader returns the problem ("" when none), naming the field's path.

std::string read_string(const Json& object, const char* name, const std::string& where,
                        std::string& out) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) return where + name + " must be a string";
  out = it->get<std::string>();
  return {};
}

std::string builtin_names() {
  std::string names;
  for (const BuiltinProvider& p : builtin_providers())
    names += (names.empty() ? "" : ", ") + std::string(p.name);
  return names;
}

std::string read_provider(const std::string& name, const Json& value, ProviderSettings& out) {
  const std::string where = "providers." + name;
  if (!find_builtin_provider(name)) {
    return where + " is not a known provider (" + builtin_names() +
           "); put other servers under \"endpoints\"";
  }
  if (!value.is_object()) return where + " must be an object";
  if (auto problem = read_string(value, "api_key", where + ".", out.api_key); !problem.empty())
    return problem;
  return read_string(value, "base_url", where + ".", out.base_url);
}

std::string read_models(const Json& object, const std::string& where,
                        std::vector<std::string>& out) {
  const auto models = object.find("models");
  if (models == object.end() || models->is_null()) return {};
  const std::string problem = where + "models must be a list of strings";
  if (!models->is_array()) return problem;
  for (const Json& model : *models) {
    if (!model.is_string()) return problem;
    out.push_back(model.get<std::string>());
  }
  return {};
}

std::string read_endpoint(std::size_t index, const Json& value, EndpointSettings& out) {
  const std::string where = "endpoints[" + std::to_string(index) + "]";
  if (!value.is_object()) return where + " must be an object";
  for (auto [name, field] :
       {std::pair{"name", &out.name}, std::pair{"base_url", &out.base_url},
        std::pair{"api_key", &out.api_key}, std::pair{"api_key_env", &out.api_key_env}}) {
    if (auto problem = read_string(value, name, where + ".", *field); !problem.empty())
      return problem;
  }
  if (out.name.empty()) return where + " needs a \"name\"";
  if (out.base_url.empty()) return where + " needs a \"base_url\"";
  // `-p NAME` must mean one thing.
  if (find_builtin_provider(out.name))
    return where + ".name \"" + out.name + "\" is a built-in provider's name; pick another";
  return read_models(value, where + ".", out.models);
}

std::string read_endpoints(const Json& endpoints, std::vector<EndpointSettings>& out) {
  if (!endpoints.is_array()) return "endpoints must be a list";
  std::set<std::string> names;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    EndpointSettings endpoint;
    if (auto problem = read_endpoint(i, endpoints[i], endpoint); !problem.empty()) return problem;
    if (!names.insert(endpoint.name).second) {
      return "endpoints[" + std::to_string(i) + "].name \"" + endpoint.name +
             "\" is used by an earlier endpoint too";
    }
    out.push_back(std::move(endpoint));
  }
  return {};
}

std::string read_temperature(const Json& root, std::optional<double>& out) {
  const auto it = root.find("temperature");
  if (it == root.end() || it->is_null()) return {};
  // The range the providers accept (Anthropic stops at 1, but clamping is its adapter's job).
  const std::string problem = "temperature must be a number from 0 to 2";
  if (!it->is_number()) return problem;
  const double value = it->get<double>();
  if (!(value >= 0 && value <= 2)) return problem;
  out = value;
  return {};
}

std::string read_retries(const Json& root, std::optional<int>& out) {
  const auto it = root.find("retries");
  if (it == root.end() || it->is_null()) return {};
  const std::string problem = "retries must be a whole number from 0 to 10";
  if (!it->is_number_integer()) return problem;
  const auto value = it->get<std::int64_t>();
  if (value < 0 || value > 10) return problem;
  out = static_cast<int>(value);
  return {};
}

std::string read_log(const Json& root, std::optional<bool>& out) {
  const auto it = root.find("log");
  if (it == root.end() || it->is_null()) return {};
  if (!it->is_boolean()) return "log must be true or false";
  out = it->get<bool>();
  return {};
}

void set_or_erase(Json& object, const char* name, const std::string& value) {
  if (value.empty()) {
    object.erase(name);
  } else {
    object[name] = value;
  }
}

// The object under `name`, or a new one when it is missing or not an object (tinychat owns the
// field, so a wrong type is replaced).
Json object_or_new(const Json& parent, const char* name) {
  const auto it = parent.find(name);
  return it != parent.end() && it->is_object() ? *it : Json::object();
}

void put_or_erase(Json& parent, const char* name, Json value) {
  if (value.empty()) {
    parent.erase(name);
  } else {
    parent[name] = std::move(value);
  }
}

void merge_provider(const std::string& name, const ProviderSettings& settings, Json& file) {
  if (!file.contains(name) && settings.api_key.empty() && settings.base_url.empty()) return;
  Json entry = object_or_new(file, name.c_str());
  set_or_erase(entry, "api_key", settings.api_key);
  set_or_erase(entry, "base_url", settings.base_url);
  put_or_erase(file, name.c_str(), std::move(entry));
}

Json merge_providers(const std::map<std::string, ProviderSettings>& providers, Json file) {
  // Every built-in provider's key and URL are tinychat's: one removed from Settings leaves the
  // file too. Other names in the file are left as they are (load_settings reports them).
  for (const BuiltinProvider& builtin : builtin_providers()) {
    const std::string name(builtin.name);
    if (!providers.contains(name)) merge_provider(name, ProviderSettings{}, file);
  }
  for (const auto& [name, settings] : providers) merge_provider(name, settings, file);
  return file;
}

Json merge_endpoints(const std::vector<EndpointSettings>& endpoints, const Json& file) {
  Json merged = Json::array();
  for (const EndpointSettings& endpoint : endpoints) {
    // Start from the file's endpoint of the same name, to keep fields tinychat does not know.
    Json entry = Json::object();
    if (file.is_array()) {
      for (const Json& old : file) {
        if (old.is_object() && old.value("name", Json()) == endpoint.name) entry = old;
      }
    }
    set_or_erase(entry, "name", endpoint.name);
    set_or_erase(entry, "base_url", endpoint.base_url);
    set_or_erase(entry, "api_key", endpoint.api_key);
    set_or_erase(entry, "api_key_env", endpoint.api_key_env);
    put_or_erase(entry, "models", Json(endpoint.models));
    merged.push_back(std::move(entry));
  }
  return merged;
}

}  // namespace

std::string settings_from_json(const Json& root, Settings& out) {
  if (!root.is_object()) return "must hold a JSON object ({...})";
  for (auto [name, field] :
       {std::pair{"default_provider", &out.default_provider},
        std::pair{"default_model", &out.default_model},
        std::pair{"system_prompt", &out.system_prompt}, std::pair{"ca_file", &out.ca_file}}) {
    if (auto problem = read_string(root, name, "", *field); !problem.empty()) return problem;
  }
  if (auto problem = read_temperature(root, out.temperature); !problem.empty()) return problem;
  if (auto problem = read_retries(root, out.retries); !problem.empty()) return problem;
  if (auto problem = read_log(root, out.log); !problem.empty()) return problem;
  if (const auto prices = root.find("prices"); prices != root.end() && !prices->is_null()) {
    if (auto problem = read_prices(*prices, "prices", out.prices); !problem.empty()) return problem;
  }
  if (const auto providers = root.find("providers");
      providers != root.end() && !providers->is_null()) {
    if (!providers->is_object()) return "providers must be an object";
    for (const auto& [name, value] : providers->items()) {
      if (auto problem = read_provider(name, value, out.providers[name]); !problem.empty())
        return problem;
    }
  }
  if (const auto endpoints = root.find("endpoints");
      endpoints != root.end() && !endpoints->is_null()) {
    return read_endpoints(*endpoints, out.endpoints);
  }
  return {};
}

void merge_settings_into_json(const Settings& settings, Json& root) {
  set_or_erase(root, "default_provider", settings.default_provider);
  set_or_erase(root, "default_model", settings.default_model);
  if (settings.temperature) {
    root["temperature"] = *settings.temperature;
  } else {
    root.erase("temperature");
  }
  set_or_erase(root, "system_prompt", settings.system_prompt);
  set_or_erase(root, "ca_file", settings.ca_file);
  if (settings.retries) {
    root["retries"] = *settings.retries;
  } else {
    root.erase("retries");
  }
  if (settings.log) {
    root["log"] = *settings.log;
  } else {
    root.erase("log");
  }
  put_or_erase(root, "providers",
               merge_providers(settings.providers, object_or_new(root, "providers")));
  const auto old_endpoints = root.find("endpoints");
  put_or_erase(
      root, "endpoints",
      merge_endpoints(settings.endpoints, old_endpoints == root.end() ? Json() : *old_endpoints));
}

}  // namespace tinychat::config
