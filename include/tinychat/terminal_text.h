#pragma once

#include <string>
#include <string_view>

#include "tinychat/visibility.h"

namespace tinychat {

/// Text that came from the network, made safe to show on a terminal: it can no longer move the
/// cursor, clear the screen, set the title, write the clipboard (OSC 52) or switch character
/// sets. C0 controls other than newline and tab, ESC, DEL and C1 controls become visible in
/// caret notation (ESC is "^[", DEL "^?", the C1 control U+009B "^[[" after its 7-bit form);
/// a carriage return is dropped (line ends written "\r\n" stay one line end); a byte that is
/// not UTF-8 becomes U+FFFD. Everything else, newlines and tabs included, is kept as it is.
TINYCHAT_API std::string terminal_safe(std::string_view text);

/// As terminal_safe, appending to `out`. Costs one scan when there is nothing to change.
TINYCHAT_API void append_terminal_safe(std::string& out, std::string_view text);

/// Whether terminal_safe would return `text` unchanged.
TINYCHAT_API bool is_terminal_safe(std::string_view text);

}  // namespace tinychat
