#pragma once

#include <map>
#include <string>

#include "settings_json.h"
#include "tinychat/pricing.h"

namespace tinychat::config {

/// Reads {"model": {"input": 0.5, "output": 1.5, "cached_input": ..., "reasoning": ...,
/// "checked": "...", "source": "..."}} into `out`; prices must be numbers of at least 0, input
/// and output are required. Returns the problem naming `where` and the field, or "".
std::string read_prices(const Json& object, const std::string& where,
                        std::map<std::string, ModelPrice>& out);

/// The price table compiled in from prices.json (generated at build time).
extern const char* const kBuiltInPricesJson;

}  // namespace tinychat::config
