#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/error.h"
#include "tinychat/pricing.h"
#include "tinychat/provider.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// Key and URL for one built-in provider, as the config file gives them.
struct ProviderSettings {
  std::string api_key;
  std::string base_url;
};

/// A named OpenAI-compatible endpoint of the user's own (Ollama, vLLM, a company proxy...).
struct EndpointSettings {
  std::string name;
  std::string base_url;
  std::string api_key;
  std::string api_key_env;          ///< Read the key from this variable instead.
  std::vector<std::string> models;  ///< Models it serves; the first is the default.
};

/// The config file ($XDG_CONFIG_HOME/tinychat/config.json), in memory.
struct TINYCHAT_API Settings {
  std::map<std::string, ProviderSettings> providers;  ///< By built-in provider name.
  std::vector<EndpointSettings> endpoints;
  std::string default_provider;
  std::string default_model;
  std::optional<double> temperature;
  std::string system_prompt;
  /// PEM file of a private certificate authority to verify TLS servers against ("ca_file");
  /// relative paths are relative to the config file's folder. See resolve_ca_certificates.
  std::string ca_file;
  /// How often a reply refused with "not now" (429, 5xx...) is sent again ("retries", 0 to 10);
  /// unset: RetryPolicy's default.
  std::optional<int> retries;
  /// Whether the command line records every prompt and answer in the conversation store ("log";
  /// unset: it does, as `tinychat -n` turns off for one run).
  std::optional<bool> log;
  /// Prices added to or replacing the shipped table ("prices": {"my-model": {"input": 0.5,
  /// "output": 1.5}}, US dollars per million tokens); read only, never written back.
  std::map<std::string, ModelPrice> prices;

  const EndpointSettings* find_endpoint(std::string_view name) const;
};

/// Looks an environment variable up; tests pass their own.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;
/// The process environment.
TINYCHAT_API Environment process_environment();

/// $XDG_CONFIG_HOME/tinychat/config.json, or ~/.config/tinychat/config.json.
TINYCHAT_API std::filesystem::path default_config_path(
    const Environment& env = process_environment());
/// The conversation store: $TINYCHAT_DB, else $XDG_DATA_HOME/tinychat/tinychat.db, else
/// ~/.local/share/tinychat/tinychat.db. A relative XDG_DATA_HOME is ignored, as the XDG spec
/// says; a relative TINYCHAT_DB is the user's own choice and kept.
TINYCHAT_API std::filesystem::path default_store_path(
    const Environment& env = process_environment());

/// Reads the config file into `out`. A missing file is not an error (defaults). A malformed one
/// is ErrorCode::config with the file, line and column and what is wrong; `out` is left as is.
TINYCHAT_API Error load_settings(const std::filesystem::path& path, Settings& out);
/// Writes the config file atomically (a temporary file renamed over it) with mode 0600, creating
/// its folder (0700). Refuses (ErrorCode::config) to replace a file that does not parse, so a
/// user's hand edits are never lost.
TINYCHAT_API Error save_settings(const std::filesystem::path& path, const Settings& settings);

/// Whether `url` can serve as an API base URL that paths are appended to: http:// or
/// https://, a host, no query, no fragment, no white space or control characters. Otherwise
/// ErrorCode::invalid_argument naming the URL (its password and query masked) and `source`,
/// where it came from ("--base-url", "OPENAI_BASE_URL", "providers.openai.base_url in FILE").
/// resolve_provider checks every base URL it picks with it.
TINYCHAT_API Error check_base_url(std::string_view url, std::string_view source);

/// What the user asked for on the command line (or in the GUI), before resolution.
struct ProviderChoice {
  std::string provider;  ///< Built-in name, endpoint name, or "" to infer.
  std::string model;     ///< "" for the default.
  std::string base_url;  ///< "" for the configured or built-in one.
};

struct ResolvedProvider {
  ProviderConfig config;
  std::string model;
};

/// The options of a request to `resolved`: the model it resolved to, and the system prompt and
/// temperature asked for, else the config file's. One rule for the command line and open_chat.
TINYCHAT_API RequestOptions request_options(const ResolvedProvider& resolved,
                                            const Settings& settings,
                                            const std::string& system_prompt,
                                            std::optional<double> temperature,
                                            std::optional<int> max_tokens);

/// Picks provider, model, base URL and key from the choice, the environment and the settings:
/// provider from the choice, else the model name, else the settings' default, else openai; key
/// from the provider's variables, else the config file; base URL from the choice, else
/// <PROVIDER>_BASE_URL, else the config file, else the built-in one. A missing key is
/// ErrorCode::missing_key naming the variable and the config entry to set (servers reached
/// through a custom base URL may need no key).
TINYCHAT_API Error resolve_provider(const ProviderChoice& choice, const Settings& settings,
                                    const Environment& env,
                                    const std::filesystem::path& config_path,
                                    ResolvedProvider& out);
/// As resolve_provider, but a missing key is no error (config.api_key stays empty): the
/// provider and model that a GUI shows as chosen before the user has set a key.
TINYCHAT_API Error resolve_provider_ignoring_key(const ProviderChoice& choice,
                                                 const Settings& settings, const Environment& env,
                                                 const std::filesystem::path& config_path,
                                                 ResolvedProvider& out);

}  // namespace tinychat
