#pragma once

#include <string>

#include "cli_options.h"

namespace tinychat::cli {

/// One-shot prompt: streams the answer to standard output. Returns the exit status.
int run_chat(const CliOptions& options);
/// `tinychat sse [FILE]`: one JSON object per dispatched event. Returns the exit status.
int run_sse(const std::string& file);
/// The hidden `--man` (shell "") and `--completions SHELL` (bash, zsh or fish): tinychat(1) or
/// the completion script on standard output, for the build to install.
int print_cli_docs(const std::string& shell);

/// Exit statuses, as the help text documents them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitReplyFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

}  // namespace tinychat::cli
