#pragma once

#include <string>
#include <string_view>

#include "tinychat/error.h"
#include "tinychat/http_types.h"

namespace tinychat {

/// The error for a non-2xx reply, in the original's words plus the provider's own message:
/// "Server responded with an error. Status Code: 401: invalid x-api-key". Without a provider
/// message, the start of the raw body stands in. `api_key` is redacted wherever it appears.
Error http_status_error(const HttpResult& http, std::string provider_message,
                        std::string_view api_key);

}  // namespace tinychat
