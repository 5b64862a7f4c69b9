#pragma once

#include <string>
#include <vector>

#include "tinychat/visibility.h"

namespace tinychat {

enum class Role { system, user, assistant };

/// One turn of a conversation.
struct Message {
  Role role = Role::user;
  std::string content;
  std::string reasoning;     ///< Shown to the user, never sent back to the provider.
  bool interrupted = false;  ///< An assistant answer cut short (error or Stop): content is partial.

  friend bool operator==(const Message&, const Message&) = default;
};

using History = std::vector<Message>;

/// "user", "assistant" or "system".
TINYCHAT_API const char* to_string(Role role);

}  // namespace tinychat
