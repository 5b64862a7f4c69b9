#pragma once

namespace tinychat::cli {

/// Run first in main(): a standard stream that the caller closed (`tinychat >&-`) is opened
/// on /dev/null, so that no file or socket the program opens later takes its number (an answer
/// written to descriptor 1 must never land in a connection to the server). Remembers whether
/// standard output was closed.
void secure_standard_streams();

/// Whether standard output was closed when the program started.
bool standard_output_closed();

}  // namespace tinychat::cli
