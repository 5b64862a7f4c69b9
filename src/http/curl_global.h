#pragma once

namespace tinychat::http {

/// Runs curl_global_init once per process, whichever thread gets here first.
void ensure_curl_global_init();

}  // namespace tinychat::http
