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

namespace {

// $NAME when it is an absolute path, else HOME/fallback: the XDG spec's rule (a relative value
// is invalid and must be ignored).
std::filesystem::path xdg_folder(const Environment& env, std::string_view name,
                                 const std::filesystem::path& fallback) {
  if (auto xdg = env(name); xdg && std::filesystem::path(*xdg).is_absolute()) return *xdg;
  std::string home;
  if (auto from_env = env("HOME")) {
    home = *from_env;
  } else if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_dir) {
    // Services and `env -i` run without HOME; the password database still knows it.
    home = entry->pw_dir;
  }
  return std::filesystem::path(home) / fallback;
}

}  // namespace

std::filesystem::path default_config_path(const Environment& env) {
  return xdg_folder(env, "XDG_CONFIG_HOME", ".config") / "tinychat" / "config.json";
}

std::filesystem::path default_store_path(const Environment& env) {
  if (auto chosen = env("TINYCHAT_DB")) return *chosen;
  return xdg_folder(env, "XDG_DATA_HOME", std::filesystem::path(".local") / "share") / "tinychat" /
         "tinychat.db";
}

}  // namespace tinychat
