#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "checked_output.h"
#include "commands.h"
#include "tinychat/curl_session.h"
#include "tinychat/model_catalog.h"
#include "tinychat/model_list.h"
#include "tinychat/provider_registry.h"
#include "tinychat/settings.h"
#include "tinychat/terminal_text.h"

namespace tinychat::cli {

namespace {

// Live lists are a courtesy on top of the catalog: a provider that is slow to answer does not
// hold the others back for long.
constexpr auto kListingPatience = std::chrono::seconds(10);

// One provider's section: what the catalog suggests and what its service lists.
struct Section {
  std::string name;
  std::vector<ModelInfo> models;  // catalog first, then live models the catalog lacks
  std::string note;               // how the list came about, shown after the name
  std::unique_ptr<const Provider> provider;
  PendingModels pending;
};

void add_unique(std::vector<ModelInfo>& models, ModelInfo model) {
  for (const ModelInfo& known : models) {
    if (known.id == model.id) return;
  }
  models.push_back(std::move(model));
}

std::string key_variables(std::string_view provider) {
  const BuiltinProvider* builtin = find_builtin_provider(provider);
  return builtin == nullptr ? std::string() : std::string(builtin->key_variables.front());
}

}  // namespace

int run_models(const ModelsOptions& options) {
  if (!options.base_url.empty() && options.provider.empty()) {
    report("--base-url needs -p: the provider whose API the server speaks (e.g. -p openai)");
    return kExitUsage;
  }
  const Environment env = process_environment();
  const std::filesystem::path config_path = default_config_path(env);
  Settings settings;
  if (Error error = load_settings(config_path, settings)) {
    report(error.message);
    return kExitUsage;
  }
  std::vector<std::string> names;
  if (!options.provider.empty()) {
    if (!find_builtin_provider(options.provider) && !settings.find_endpoint(options.provider)) {
      ResolvedProvider unused;
      report(
          resolve_provider({options.provider, "", ""}, settings, env, config_path, unused).message);
      return kExitUsage;
    }
    names.push_back(options.provider);
  } else {
    for (const BuiltinProvider& builtin : builtin_providers()) names.emplace_back(builtin.name);
    for (const EndpointSettings& endpoint : settings.endpoints) names.push_back(endpoint.name);
  }

  auto http = std::make_shared<CurlSession>();
  std::vector<Section> sections;
  for (const std::string& name : names) {
    Section& section = sections.emplace_back();
    section.name = name;
    ResolvedProvider resolved;
    const std::string base_url = name == options.provider ? options.base_url : std::string();
    // Without a key a provider's own service would only answer 401; a server of the user's own
    // may need none, so resolution decides.
    const Error error =
        resolve_provider({name, "", base_url}, settings, env, config_path, resolved);
    // A local server (Ollama, llama.cpp) reached through a built-in provider's API serves its own
    // models, not the cloud catalog (an endpoint has no catalog entries anyway).
    if (error || !is_own_server(name, resolved.config.base_url)) {
      for (const CatalogModel& model : catalog_models(name))
        section.models.push_back({std::string(model.id), std::string(model.label)});
    }
    if (const EndpointSettings* endpoint = settings.find_endpoint(name)) {
      for (const std::string& model : endpoint->models) add_unique(section.models, {model, {}});
    }
    if (error) {
      section.note = error.code == ErrorCode::missing_key
                         ? "no key: set " + key_variables(name) + "; tinychat's suggestions only"
                         : error.message;
      continue;
    }
    section.provider = make_provider(resolved.config);
    section.pending = list_models(*http, *section.provider);
  }

  int status = kExitOk;
  const auto deadline = std::chrono::steady_clock::now() + kListingPatience;
  for (Section& section : sections) {
    if (!section.pending.valid()) continue;
    if (section.pending.wait_for(deadline - std::chrono::steady_clock::now()) !=
        std::future_status::ready) {
      section.pending.cancel();
    }
    ModelListResult result = section.pending.get();
    if (result.error) {
      report(section.name + ": the live list is unavailable: " + result.error.message);
      section.note = section.models.empty() ? "live list unavailable"
                                            : "live list unavailable: tinychat's suggestions only";
      if (!options.provider.empty()) status = kExitReplyFailed;
      continue;
    }
    const std::size_t suggested = section.models.size();
    for (ModelInfo& model : result.models) add_unique(section.models, std::move(model));
    section.note = std::to_string(result.models.size()) + " listed by the service";
    if (section.models.size() > suggested)
      section.note +=
          ", " + std::to_string(section.models.size() - suggested) + " beyond tinychat's";
  }

  // Names from a server pass terminal_safe: a model list is text from the network too.
  CheckedOutput out(stdout);
  for (const Section& section : sections) {
    std::string text = section.name;
    if (!section.note.empty()) text += "  (" + section.note + ")";
    text += '\n';
    for (const ModelInfo& model : section.models) {
      std::string line = "  " + model.id;
      if (!model.display_name.empty() && model.display_name != model.id) {
        line.resize(std::max<std::size_t>(line.size() + 2, 34), ' ');
        line += model.display_name;
      }
      append_terminal_safe(text, line);
      text += '\n';
    }
    out.write(text);
  }
  return out.finish(status, "the list");
}

}  // namespace tinychat::cli
