#pragma once

#include <string>
#include <string_view>

#include "tinychat/settings.h"

namespace tinychat::config {

/// Whether `text` starts with `prefix`, ASCII letters compared case-insensitively.
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix);

/// `url` safe to show: the password of its user-info and its query replaced by "...".
std::string displayable_url(std::string_view url);

}  // namespace tinychat::config
