#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "tinychat/settings.h"

namespace tinychat {

Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    // An empty variable counts as unset: `OPENAI_API_KEY= tinychat ...` means "no key".
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

std::filesystem::path default_config_path(const Environment& env) {
  if (auto xdg = env("XDG_CONFIG_HOME"))
    return std::filesystem::path(*xdg) / "tinychat" / "config.json";
  std::string home;
  if (auto from_env = env("HOME")) {
    home = *from_env;
  } else if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_dir) {
    home = entry->pw_dir;
  }
  return std::filesystem::path(home) / ".config" / "tinychat" / "config.json";
}

const EndpointSettings* Settings::find_endpoint(std::string_view name) const {
  for (const EndpointSettings& endpoint : endpoints) {
    if (endpoint.name == name) return &endpoint;
  }
  return nullptr;
}

}  // namespace tinychat
