#include "tinychat/conversation.h"

namespace tinychat {

const char* to_string(Role role) {
  switch (role) {
    case Role::system:
      return "system";
    case Role::user:
      return "user";
    case Role::assistant:
      return "assistant";
  }
  return "user";
}

}  // namespace tinychat
