#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tinychat {

/// Secrets shorter than this are never used as redaction patterns: masking a three-letter
/// "key" would mangle ordinary words ("[red[redacted]cted]"), and no provider issues keys so
/// short.
inline constexpr std::size_t kMinRedactedSecret = 8;

/// `text` with every occurrence of `secret` replaced by "[redacted]"; a secret shorter than
/// kMinRedactedSecret changes nothing. The one place that keeps API keys out of messages, for
/// every layer. Redact before cutting a message short, never after: a cut can split a key.
std::string redact(std::string text, std::string_view secret);

/// `text` with every secret redacted, and also the start of a secret that `text` ends with (a
/// body the transport cut mid-key), when that start is at least kMinRedactedSecret long.
std::string redact_all(std::string text, std::span<const std::string_view> secrets);

/// The secrets a URL carries in its user-info (`http://user:password@host`): the password, the
/// "user:password" pair, and the Basic token curl derives from it for the Authorization
/// header, which a server may echo. Empty when the URL has none.
std::vector<std::string> url_credentials(std::string_view url);

}  // namespace tinychat
