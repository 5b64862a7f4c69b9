#include <cstdio>

#include "cli_spec.h"
#include "commands.h"
#include "man_page.h"
#include "shell_completions.h"
#include "tinychat/version.h"

namespace tinychat::cli {

int print_cli_docs(const std::string& shell) {
  const CliSpec spec = describe_cli();
  std::string text;
  if (shell.empty()) {
    text = man_page(spec, kVersion);
  } else if (shell == "bash") {
    text = bash_completion(spec);
  } else if (shell == "zsh") {
    text = zsh_completion(spec);
  } else {
    text = fish_completion(spec);
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitReplyFailed;
}

}  // namespace tinychat::cli
