#pragma once

#include <string>
#include <string_view>

namespace tinychat::store {

/// `url` without its user-info (`http://user:password@host/v1` → `http://host/v1`): a password
/// in a base URL is a key, and keys never reach the store.
std::string url_without_userinfo(std::string_view url);

}  // namespace tinychat::store
