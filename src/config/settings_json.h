#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tinychat/settings.h"

namespace tinychat::config {

/// Ordered, so that a saved file keeps the order its owner wrote the fields in.
using Json = nlohmann::ordered_json;

/// Reads the fields tinychat owns from a config file's object into `out` and ignores the rest
/// (newer versions may add fields). Returns what is wrong with the field's path, e.g.
/// "providers.openai.api_key must be a string", or "" when all is well. Never quotes a value:
/// it may be a key.
std::string settings_from_json(const Json& root, Settings& out);

/// Overwrites the fields tinychat owns in `root` with `settings`, keeps every other field the
/// user added (also inside a provider's or an endpoint's object), and leaves empty fields out.
void merge_settings_into_json(const Settings& settings, Json& root);

}  // namespace tinychat::config
