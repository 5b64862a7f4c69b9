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
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  if (auto xdg = env("XDG_CONFIG_HOME"); xdg && std::filesystem::path(*xdg).is_absolute())
    return std::filesystem::path(*xdg) / "tinychat" / "config.json";
  std::string home;
  if (auto from_env = env("HOME")) {
    home = *from_env;
  } else if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_dir) {
    // Services and `env -i` run without HOME; the password database still knows it.
    home = entry->pw_dir;
  }
  return std::filesystem::path(home) / ".config" / "tinychat" / "config.json";
}

}  // namespace tinychat
