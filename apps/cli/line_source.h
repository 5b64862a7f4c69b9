#pragma once

#include <memory>
#include <string>

namespace tinychat::cli {

/// How reading one line of input ended.
enum class LineRead {
  line,         ///< `line` holds it, without its newline.
  interrupted,  ///< Ctrl-C at the prompt: the line typed so far is dropped.
  end,          ///< Ctrl-D on an empty line, or the end of standard input.
};

/// Where `tinychat chat` reads what the user types, one line at a time.
class LineSource {
 public:
  virtual ~LineSource() = default;
  /// Reads one line; `continued` when it continues a prompt (a `"""` block or a line ending in
  /// a backslash), which a terminal shows with another prompt.
  virtual LineRead read(std::string& line, bool continued) = 0;
  /// A whole prompt or command, for the input history (Up arrow). Nothing without a terminal.
  virtual void remember(const std::string& entry) { (void)entry; }
};

/// On a terminal: libedit (line editing, input history), prompting "you> " and "... ". Ctrl-C
/// at the prompt is seen through chat_interrupts.h (catch_interrupts_in_chat first). The input
/// history is kept in `history_file` ("" for none), readable by its owner only.
std::unique_ptr<LineSource> make_terminal_source(std::string history_file);

/// Without a terminal: standard input, line by line, no prompt: so that a chat can be scripted.
std::unique_ptr<LineSource> make_stream_source();

}  // namespace tinychat::cli
