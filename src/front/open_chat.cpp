#include "tinychat/open_chat.h"

#include <utility>

#include "tinychat/ca_certificates.h"
#include "tinychat/provider.h"

namespace tinychat {

Expected<Chat> open_chat(std::string_view model, OpenChatOptions options) {
  const Environment env = options.env ? options.env : process_environment();
  const std::filesystem::path config_path =
      options.config_path.empty() ? default_config_path(env) : options.config_path;
  Settings settings;
  if (Error error = load_settings(config_path, settings)) return error;
  ResolvedProvider resolved;
  const ProviderChoice choice{options.provider, std::string(model), options.base_url};
  if (Error error = resolve_provider(choice, settings, env, config_path, resolved)) return error;

  RequestOptions request = request_options(resolved, settings, options.system_prompt,
                                           options.temperature, options.max_tokens);
  // The same private CA and retries as the command line: CURL_CA_BUNDLE, SSL_CERT_FILE,
  // SSL_CERT_DIR, the config file's "ca_file" and "retries".
  // CA files set in `options.http` by the caller win.
  if (options.http.ca_file.empty() && options.http.ca_dir.empty()) {
    if (Error error = resolve_ca_certificates({}, settings, env, config_path, options.http))
      return error;
  }
  RetryPolicy retry;
  if (settings.retries) retry.max_retries = *settings.retries;
  auto http = std::make_shared<CurlSession>(std::move(options.http));
  return Chat(std::make_unique<ChatSession>(std::move(http), make_provider(resolved.config),
                                            std::move(request), std::move(retry)));
}

}  // namespace tinychat
