#pragma once

#include <filesystem>
#include <string_view>

#include "tinychat/curl_session.h"
#include "tinychat/error.h"
#include "tinychat/settings.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// Picks the certificate authorities that TLS servers are verified against, the way curl and
/// Python users expect, and puts them in `http` (CurlSessionOptions::ca_file and ca_dir). The file:
/// `cacert_flag` (the command line's --cacert), else CURL_CA_BUNDLE, else SSL_CERT_FILE, else the
/// config file's "ca_file" (relative to the config file's folder; "~/" is the home folder). The
/// folder of hashed certificates: SSL_CERT_DIR. With none of them, the system's bundle.
/// A file that cannot be read or holds no PEM certificate, or a folder that cannot be read, is
/// ErrorCode::config naming it and where it came from; `http` is then left as it was.
/// The CLI and the window both call this before making their CurlSession, so every request
/// (answers and model lists alike) trusts the same authorities.
TINYCHAT_API Error resolve_ca_certificates(std::string_view cacert_flag, const Settings& settings,
                                           const Environment& env,
                                           const std::filesystem::path& config_path,
                                           CurlSessionOptions& http);

}  // namespace tinychat
