#pragma once

#include <string>

namespace tinychat::cli {

/// Lets the user change `text` in their editor ($VISUAL, else $EDITOR, else vi), run through
/// /bin/sh with a private temporary file, on the terminal. False, after saying why on standard
/// error, when the editor could not run or failed; `text` is then unchanged.
bool edit_in_editor(std::string& text);

}  // namespace tinychat::cli
