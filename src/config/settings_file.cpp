#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tinychat/provider_registry.h"
#include "tinychat/settings.h"

namespace tinychat {

namespace {

using nlohmann::json;

Error config_error(const std::filesystem::path& path, const std::string& what) {
  return Error(ErrorCode::config, "config file " + path.string() + ": " + what);
}

// nlohmann reports a byte offset; people need a line and a column.
std::string line_and_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Reads a whole file. `missing` tells a missing file apart from an unreadable one.
Error read_file(const std::filesystem::path& path, std::string& text, bool& missing) {
  missing = false;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) {
      missing = true;
      return {};
    }
    return config_error(path, std::string("cannot be read: ") + std::strerror(errno));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  text = bytes.str();
  return {};
}

Error parse_json(const std::filesystem::path& path, const std::string& text, json& out) {
  try {
    out = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
    const auto colon = what.find(": ", what.find("parse error"));
    const std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    return Error(ErrorCode::config, "config file " + path.string() + " is not valid JSON: " +
                                        line_and_column(text, e.byte == 0 ? 0 : e.byte - 1) + ": " +
                                        reason);
  }
  if (!out.is_object()) return config_error(path, "must hold a JSON object ({...})");
  return {};
}

// Field readers: each names the field's path when its type is wrong, and never its value
// (it may be a key).
Error read_string(const std::filesystem::path& path, const json& object, const char* name,
                  const std::string& field_path, std::string& out) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) return config_error(path, field_path + " must be a string");
  out = it->get<std::string>();
  return {};
}

Error read_provider(const std::filesystem::path& path, const std::string& name, const json& value,
                    ProviderSettings& out) {
  const std::string where = "providers." + name;
  if (!find_builtin_provider(name)) {
    std::string names;
    for (const BuiltinProvider& p : builtin_providers())
      names += (names.empty() ? "" : ", ") + std::string(p.name);
    return config_error(path, where + " is not a known provider (" + names +
                                  "); put other servers under \"endpoints\"");
  }
  if (!value.is_object()) return config_error(path, where + " must be an object");
  if (Error e = read_string(path, value, "api_key", where + ".api_key", out.api_key)) return e;
  return read_string(path, value, "base_url", where + ".base_url", out.base_url);
}

Error read_endpoint(const std::filesystem::path& path, std::size_t index, const json& value,
                    EndpointSettings& out) {
  const std::string where = "endpoints[" + std::to_string(index) + "]";
  if (!value.is_object()) return config_error(path, where + " must be an object");
  if (Error e = read_string(path, value, "name", where + ".name", out.name)) return e;
  if (Error e = read_string(path, value, "base_url", where + ".base_url", out.base_url)) return e;
  if (Error e = read_string(path, value, "api_key", where + ".api_key", out.api_key)) return e;
  if (Error e = read_string(path, value, "api_key_env", where + ".api_key_env", out.api_key_env))
    return e;
  if (out.name.empty()) return config_error(path, where + " needs a \"name\"");
  if (out.base_url.empty()) return config_error(path, where + " needs a \"base_url\"");
  if (const auto models = value.find("models"); models != value.end() && !models->is_null()) {
    if (!models->is_array()) return config_error(path, where + ".models must be a list of strings");
    for (const json& model : *models) {
      if (!model.is_string())
        return config_error(path, where + ".models must be a list of strings");
      out.models.push_back(model.get<std::string>());
    }
  }
  return {};
}

Error read_settings(const std::filesystem::path& path, const json& root, Settings& out) {
  if (Error e =
          read_string(path, root, "default_provider", "default_provider", out.default_provider))
    return e;
  if (Error e = read_string(path, root, "default_model", "default_model", out.default_model))
    return e;
  if (Error e = read_string(path, root, "system_prompt", "system_prompt", out.system_prompt))
    return e;
  if (const auto t = root.find("temperature"); t != root.end() && !t->is_null()) {
    if (!t->is_number()) return config_error(path, "temperature must be a number from 0 to 2");
    const double value = t->get<double>();
    if (value < 0 || value > 2)
      return config_error(path, "temperature must be a number from 0 to 2");
    out.temperature = value;
  }
  if (const auto providers = root.find("providers");
      providers != root.end() && !providers->is_null()) {
    if (!providers->is_object()) return config_error(path, "providers must be an object");
    for (const auto& [name, value] : providers->items()) {
      if (Error e = read_provider(path, name, value, out.providers[name])) return e;
    }
  }
  if (const auto endpoints = root.find("endpoints");
      endpoints != root.end() && !endpoints->is_null()) {
    if (!endpoints->is_array()) return config_error(path, "endpoints must be a list");
    for (std::size_t i = 0; i < endpoints->size(); ++i) {
      out.endpoints.emplace_back();
      if (Error e = read_endpoint(path, i, (*endpoints)[i], out.endpoints.back())) return e;
    }
  }
  return {};
}

void set_or_erase(json& object, const char* name, const std::string& value) {
  if (value.empty()) {
    object.erase(name);
  } else {
    object[name] = value;
  }
}

// Overwrites the fields tinychat owns, keeping any others the user added.
void write_settings(const Settings& settings, json& root) {
  set_or_erase(root, "default_provider", settings.default_provider);
  set_or_erase(root, "default_model", settings.default_model);
  set_or_erase(root, "system_prompt", settings.system_prompt);
  if (settings.temperature) {
    root["temperature"] = *settings.temperature;
  } else {
    root.erase("temperature");
  }
  json providers = root.contains("providers") && root["providers"].is_object() ? root["providers"]
                                                                               : json::object();
  for (const auto& [name, provider] : settings.providers) {
    json entry =
        providers.contains(name) && providers[name].is_object() ? providers[name] : json::object();
    set_or_erase(entry, "api_key", provider.api_key);
    set_or_erase(entry, "base_url", provider.base_url);
    if (entry.empty()) {
      providers.erase(name);
    } else {
      providers[name] = entry;
    }
  }
  if (providers.empty()) {
    root.erase("providers");
  } else {
    root["providers"] = providers;
  }
  json endpoints = json::array();
  for (const EndpointSettings& endpoint : settings.endpoints) {
    json entry = json::object();
    set_or_erase(entry, "name", endpoint.name);
    set_or_erase(entry, "base_url", endpoint.base_url);
    set_or_erase(entry, "api_key", endpoint.api_key);
    set_or_erase(entry, "api_key_env", endpoint.api_key_env);
    if (!endpoint.models.empty()) entry["models"] = endpoint.models;
    endpoints.push_back(entry);
  }
  if (endpoints.empty()) {
    root.erase("endpoints");
  } else {
    root["endpoints"] = endpoints;
  }
}

Error write_all(int fd, const std::string& text) {
  for (std::size_t written = 0; written < text.size();) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error(ErrorCode::config, std::strerror(errno));
    written += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

Error load_settings(const std::filesystem::path& path, Settings& out) {
  std::string text;
  bool missing = false;
  if (Error e = read_file(path, text, missing)) return e;
  if (missing) return {};
  json root;
  if (Error e = parse_json(path, text, root)) return e;
  Settings loaded;
  if (Error e = read_settings(path, root, loaded)) return e;
  out = std::move(loaded);
  return {};
}

Error save_settings(const std::filesystem::path& path, const Settings& settings) {
  std::string existing;
  bool missing = false;
  if (Error e = read_file(path, existing, missing)) return e;
  json root = json::object();
  if (!missing) {
    // Never replace a file we cannot read back: the user's hand edits would be lost.
    if (Error e = parse_json(path, existing, root)) {
      return Error(ErrorCode::config, e.message + " (not overwritten: fix or remove it first)");
    }
  }
  write_settings(settings, root);
  const std::string text = root.dump(2) + "\n";

  const std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
  std::error_code ec;
  if (!std::filesystem::exists(folder, ec)) {
    std::filesystem::create_directories(folder, ec);
    if (ec) return config_error(path, "cannot create its folder: " + ec.message());
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, ec);
  }
  // Write a temporary file beside it, then rename: a crash leaves the old file or the new one,
  // never half of one. The mode is 0600 before a single byte of a key is written.
  std::string temp = (folder / ".config.json.XXXXXX").string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return config_error(path, std::string("cannot be written: ") + std::strerror(errno));
  Error error;
  if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) error = Error(ErrorCode::config, std::strerror(errno));
  if (!error) error = write_all(fd, text);
  if (!error && ::fsync(fd) != 0) error = Error(ErrorCode::config, std::strerror(errno));
  ::close(fd);
  if (!error && ::rename(temp.c_str(), path.c_str()) != 0)
    error = Error(ErrorCode::config, std::strerror(errno));
  if (error) {
    ::unlink(temp.c_str());
    return config_error(path, "cannot be written: " + error.message);
  }
  if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);  // the rename itself must survive a crash
    ::close(dir);
  }
  return {};
}

}  // namespace tinychat
