#pragma once

#include <string>

#include "tinychat/error.h"
#include "tinychat/http_types.h"
#include "tinychat/provider.h"

namespace tinychat {

/// The error for a non-2xx reply, in the original's words plus the provider's own message:
/// "Server responded with an error. Status Code: 401: invalid x-api-key". Without a provider
/// message, the start of the raw body stands in (redacted before it is cut). A 401 or 403 to a
/// request that carried no key says which key to set.
Error http_status_error(const HttpResult& http, std::string provider_message,
                        const ProviderConfig& provider);

/// The last step of every error a turn or a model listing reports: the provider's key and the
/// credentials in its base URL redacted, then the message cut to a readable length. Redacting
/// first means that a cut can never leave the start of a key behind.
Error safe_error(Error error, const ProviderConfig& provider);

}  // namespace tinychat
