#pragma once

#include <filesystem>

#include "tinychat/curl_session.h"
#include "tinychat/settings.h"

namespace tinychat::gui {

/// What the window takes from the outside world: the command line's choice, the environment
/// and the config file, as the CLI reads them. Tests pass their own.
struct GuiEnvironment {
  ProviderChoice choice;  ///< -p, -m and --base-url.
  Environment env = process_environment();
  std::filesystem::path config_path = default_config_path(env);
  CurlSessionOptions http;
  /// The conversation store (--db); empty: TINYCHAT_DB, else the default, as the CLI's.
  std::filesystem::path store_path;
  /// Where the window keeps its place (size, sidebar, last conversation, font size); empty:
  /// window.ini beside the config file.
  std::filesystem::path window_state_path;
};

/// The file the window keeps its place in: window_state_path, else window.ini beside the config.
inline std::filesystem::path window_state_file(const GuiEnvironment& environment) {
  if (!environment.window_state_path.empty()) return environment.window_state_path;
  return environment.config_path.parent_path() / "window.ini";
}

}  // namespace tinychat::gui
