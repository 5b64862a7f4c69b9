#include "tinychat/open_chat.h"

#include <utility>

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

  // What was asked for wins over the config file, as on the command line.
  RequestOptions request;
  request.model = resolved.model;
  request.system_prompt =
      options.system_prompt.empty() ? settings.system_prompt : options.system_prompt;
  request.temperature = options.temperature ? options.temperature : settings.temperature;
  request.max_tokens = options.max_tokens;
  auto http = std::make_shared<CurlSession>(std::move(options.http));
  return Chat(std::make_unique<ChatSession>(std::move(http), make_provider(resolved.config),
                                            std::move(request)));
}

}  // namespace tinychat
