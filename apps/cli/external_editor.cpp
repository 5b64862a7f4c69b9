#include "external_editor.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "checked_output.h"

namespace tinychat::cli {

namespace {

std::string editor_command() {
  for (const char* name : {"VISUAL", "EDITOR"}) {
    const char* value = std::getenv(name);
    if (value && *value) return value;
  }
  return "vi";
}

// Runs `editor` on `path` and waits for it. The command goes through the shell, as git does
// ("code --wait", "emacs -nw"); the path is an argument of its own, never spliced into it.
bool run_editor(const std::string& editor, const std::string& path) {
  const pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) {
    const std::string script = editor + " \"$1\"";
    ::execl("/bin/sh", "sh", "-c", script.c_str(), "sh", path.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  // Ctrl-C in the editor interrupts this wait too; the editor decides what it means.
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

bool edit_in_editor(std::string& text) {
  std::string path = (std::filesystem::temp_directory_path() / "tinychat-edit-XXXXXX.md").string();
  const int fd = ::mkstemps(path.data(), 3);  // mode 0600: a prompt is private
  if (fd < 0) {
    std::string message = "could not create a file to edit the prompt in: ";
    message += std::strerror(errno);
    report(message);
    return false;
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  const std::string editor = editor_command();
  bool edited = false;
  if (!written) {
    report("could not write the prompt to " + path + ": " + std::strerror(errno));
  } else if (!run_editor(editor, path)) {
    report("the editor (" + editor + ") failed; the prompt was not sent again");
  } else {
    std::ifstream in(path, std::ios::binary);
    std::string changed{std::istreambuf_iterator<char>(in), {}};
    // Editors end the file with a newline the prompt did not have.
    while (!changed.empty() && (changed.back() == '\n' || changed.back() == '\r')) {
      changed.pop_back();
    }
    text = std::move(changed);
    edited = true;
  }
  std::filesystem::remove(path);
  return edited;
}

}  // namespace tinychat::cli
