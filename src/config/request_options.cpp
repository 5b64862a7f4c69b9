#include "tinychat/settings.h"

namespace tinychat {

RequestOptions request_options(const ResolvedProvider& resolved, const Settings& settings,
                               const std::string& system_prompt, std::optional<double> temperature,
                               std::optional<int> max_tokens) {
  RequestOptions request;
  request.model = resolved.model;
  // What was asked for wins over the config file.
  request.system_prompt = system_prompt.empty() ? settings.system_prompt : system_prompt;
  request.temperature = temperature ? temperature : settings.temperature;
  request.max_tokens = max_tokens;
  return request;
}

}  // namespace tinychat
