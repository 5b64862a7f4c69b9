#include "tinychat/ca_certificates.h"

#include <dirent.h>

#include <cerrno>
#include <optional>
#include <string>

#include "private_file.h"

namespace tinychat {

namespace {

// Bundles of every CA there is are under 1 MiB; the bound only stops a runaway file.
constexpr std::size_t kMaxCaFileBytes = std::size_t{64} << 20;

// A path and where it came from, for messages: "--cacert", "SSL_CERT_FILE", ...
struct Source {
  std::string path;
  std::string origin;
};

// Relative paths in the config file mean its own folder: the process's working folder is
// anywhere when the window starts from a desktop menu.
std::string path_from_config(const std::string& path, const Environment& env,
                             const std::filesystem::path& config_path) {
  if (path.starts_with("~/")) {
    if (auto home = env("HOME")) return (std::filesystem::path(*home) / path.substr(2)).string();
  }
  const std::filesystem::path given(path);
  if (given.is_absolute()) return path;
  return (config_path.parent_path() / given).string();
}

// The first of --cacert, CURL_CA_BUNDLE, SSL_CERT_FILE and the config file's "ca_file".
std::optional<Source> chosen_file(std::string_view cacert_flag, const Settings& settings,
                                  const Environment& env,
                                  const std::filesystem::path& config_path) {
  if (!cacert_flag.empty()) return Source{std::string(cacert_flag), "--cacert"};
  for (const char* variable : {"CURL_CA_BUNDLE", "SSL_CERT_FILE"}) {
    if (auto value = env(variable)) return Source{*value, variable};
  }
  if (!settings.ca_file.empty()) {
    return Source{path_from_config(settings.ca_file, env, config_path),
                  "\"ca_file\" in " + config_path.string()};
  }
  return std::nullopt;
}

Error unusable(const char* what, const Source& source, const std::string& why) {
  return Error(ErrorCode::config, std::string("CA certificate ") + what + " " + source.path +
                                      " (from " + source.origin + ") " + why);
}

// Read here rather than left to the first request: curl would only say "error setting
// certificate file" and not where the name came from.
// Only up to the first certificate: reading all of a system bundle (200 KiB and more, when
// CURL_CA_BUNDLE or SSL_CERT_FILE names it) cost every start-up a tenth of a millisecond.
Error check_file(const Source& source) {
  bool found = false;
  if (std::error_code error = config::file_contains(source.path, "-----BEGIN CERTIFICATE-----",
                                                    found, kMaxCaFileBytes)) {
    return unusable("file", source, "cannot be read: " + error.message());
  }
  if (!found) {
    return unusable("file", source, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
  return {};
}

// SSL_CERT_DIR may name several folders joined by ':', as OpenSSL reads it.
Error check_folders(const Source& source) {
  std::string_view rest = source.path;
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string folder(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    if (folder.empty()) continue;
    const Source one{folder, source.origin};
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(folder, error);
    if (error) return unusable("folder", one, "cannot be read: " + error.message());
    if (!std::filesystem::is_directory(status)) return unusable("folder", one, "is not a folder");
    // Opened, not listed: listing read the first batch of entries, and a system folder has
    // hundreds (a tenth of a millisecond at every start-up). Opening it needs the same right.
    DIR* const opened = ::opendir(folder.c_str());
    if (opened == nullptr) {
      return unusable(
          "folder", one,
          "cannot be read: " + std::error_code(errno, std::generic_category()).message());
    }
    ::closedir(opened);
  }
  return {};
}

}  // namespace

Error resolve_ca_certificates(std::string_view cacert_flag, const Settings& settings,
                              const Environment& env, const std::filesystem::path& config_path,
                              CurlSessionOptions& http) {
  std::string ca_file;
  if (const std::optional<Source> file = chosen_file(cacert_flag, settings, env, config_path)) {
    if (Error error = check_file(*file)) return error;
    ca_file = file->path;
  }
  std::string ca_dir;
  if (auto folder = env("SSL_CERT_DIR")) {
    if (Error error = check_folders({*folder, "SSL_CERT_DIR"})) return error;
    ca_dir = *folder;
  }
  http.ca_file = std::move(ca_file);
  http.ca_dir = std::move(ca_dir);
  return {};
}

}  // namespace tinychat
