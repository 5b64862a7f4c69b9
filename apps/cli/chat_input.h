#pragma once

#include <string>

#include "line_source.h"

namespace tinychat::cli {

/// Reads one prompt or command: a line; lines ending in a backslash continue on the next one
/// (the backslash becomes a newline); a line of `"""` opens a block that the next such line
/// closes, newlines kept. `block` tells whether it came as a block (never a command).
/// LineRead::interrupted drops everything typed for this prompt. The end of input inside a
/// block or after a backslash sends what was read.
LineRead read_chat_input(LineSource& source, std::string& text, bool& block);

}  // namespace tinychat::cli
