#include "line_source.h"

#include <histedit.h>
#include <poll.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cwchar>
#include <iostream>

#include "chat_interrupts.h"

namespace tinychat::cli {

namespace {

constexpr const char* kPrompt = "you> ";
constexpr const char* kContinuedPrompt = "... ";
constexpr wchar_t kCtrlD = 0x04;

// libedit through its C interface: one EditLine and its History for the whole chat.
class TerminalSource : public LineSource {
 public:
  explicit TerminalSource(std::string history_file) : history_file_(std::move(history_file)) {
    editor_ = el_init("tinychat", stdin, stdout, stderr);
    history_ = history_init();
    HistEvent event;
    history(history_, &event, H_SETSIZE, 1000);
    history(history_, &event, H_SETUNIQUE, 1);
    if (!history_file_.empty()) history(history_, &event, H_LOAD, history_file_.c_str());
    el_set(editor_, EL_CLIENTDATA, this);
    el_set(editor_, EL_EDITOR, "emacs");
    el_set(editor_, EL_HIST, history, history_);
    el_set(editor_, EL_PROMPT, &TerminalSource::prompt);
    el_set(editor_, EL_GETCFN, &TerminalSource::read_char);
    el_source(editor_, nullptr);  // ~/.editrc, as every libedit program reads it
  }

  ~TerminalSource() override {
    el_end(editor_);
    history_end(history_);
  }
  TerminalSource(const TerminalSource&) = delete;
  TerminalSource& operator=(const TerminalSource&) = delete;

  LineRead read(std::string& line, bool continued) override {
    continued_ = continued;
    if (read_typed_ahead()) return LineRead::end;
    int count = 0;
    const char* text = el_gets(editor_, &count);
    if (!text || count <= 0) {
      if (take_interrupt()) {
        // The terminal shows ^C; the next prompt belongs on a line of its own.
        std::fputs("\n", stdout);
        std::fflush(stdout);
        return LineRead::interrupted;
      }
      if (count == 0) std::fputs("\n", stdout);  // after Ctrl-D the cursor is still on the line
      std::fflush(stdout);
      return LineRead::end;
    }
    line.assign(text, static_cast<std::size_t>(count));
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return LineRead::line;
  }

  void remember(const std::string& entry) override {
    HistEvent event;
    history(history_, &event, H_ENTER, entry.c_str());
    if (history_file_.empty()) return;
    // Prompts are private: the file is the user's alone, even if the umask says otherwise.
    const mode_t old_mask = ::umask(077);
    history(history_, &event, H_SAVE, history_file_.c_str());
    ::umask(old_mask);
    ::chmod(history_file_.c_str(), 0600);
  }

 private:
  // Keys typed before the prompt (while an answer streams) reach the terminal driver in its
  // line mode, where Ctrl-D on an empty line becomes an end-of-file mark; libedit, reading in
  // raw mode, got it as a NUL byte, ignored it, and the chat hung instead of ending. A whole
  // line or an end of file typed ahead is read here, still in line mode: true means the end; a
  // line goes to libedit as typed, so it shows at the prompt and is sent as usual.
  bool read_typed_ahead() {
    termios mode{};
    if (::tcgetattr(STDIN_FILENO, &mode) != 0 || !(mode.c_lflag & ICANON)) return false;
    pollfd ready{STDIN_FILENO, POLLIN, 0};
    if (::poll(&ready, 1, 0) <= 0 || !(ready.revents & POLLIN)) return false;
    char typed[4096];  // the terminal driver's own line limit
    const ssize_t got = ::read(STDIN_FILENO, typed, sizeof typed - 1);
    if (got == 0) return true;
    if (got < 0) return false;
    typed[got] = '\0';
    el_push(editor_, typed);
    return false;
  }

  // libedit prints the prompt and only then leaves line mode, so a Ctrl-D typed as soon as the
  // prompt shows (or between read_typed_ahead's look and el_gets) can still meet the terminal
  // driver in line mode: its end-of-file mark then reaches us as a NUL byte, which libedit would
  // take as Ctrl-Space (set the mark) and the chat would wait forever. A NUL on an empty line
  // is read as the Ctrl-D it almost surely was; setting a mark there does nothing anyway.
  static bool line_is_empty(EditLine* editor) {
    const LineInfo* line = el_line(editor);
    return line && line->lastchar == line->buffer;
  }

  static char* prompt(EditLine* editor) {
    TerminalSource* self = nullptr;
    el_get(editor, EL_CLIENTDATA, &self);
    return const_cast<char*>(self && self->continued_ ? kContinuedPrompt : kPrompt);
  }

  // libedit's own reader retries a read() that a signal interrupted, so Ctrl-C would do nothing
  // until the next key: this one waits for a key or Ctrl-C (whichever comes first, even just
  // before the wait), and el_gets returns on Ctrl-C.
  static int read_char(EditLine* editor, wchar_t* out) {
    TerminalSource* self = nullptr;
    el_get(editor, EL_CLIENTDATA, &self);
    for (;;) {
      pollfd waits[2] = {{STDIN_FILENO, POLLIN, 0}, {interrupt_descriptor(), POLLIN, 0}};
      if (::poll(waits, 2, -1) < 0) {
        if (errno == EINTR) continue;  // the pipe says whether it was Ctrl-C
        return -1;
      }
      if (waits[1].revents & POLLIN) return -1;
      char byte = 0;
      const ssize_t got = ::read(STDIN_FILENO, &byte, 1);
      if (got == 0) return 0;
      if (got < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return -1;
      }
      if (byte == '\0' && line_is_empty(editor)) {
        *out = kCtrlD;
        return 1;
      }
      wchar_t wide = 0;
      const std::size_t used = std::mbrtowc(&wide, &byte, 1, &self->decoding_);
      if (used == static_cast<std::size_t>(-2)) continue;  // more bytes of one character
      if (used == static_cast<std::size_t>(-1)) {
        self->decoding_ = {};
        wide = static_cast<unsigned char>(byte);  // not the locale's encoding: as is
      }
      *out = wide;
      return 1;
    }
  }

  std::string history_file_;
  EditLine* editor_ = nullptr;
  History* history_ = nullptr;
  bool continued_ = false;
  std::mbstate_t decoding_{};
};

class StreamSource : public LineSource {
 public:
  LineRead read(std::string& line, bool) override {
    if (!std::getline(std::cin, line)) return LineRead::end;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return LineRead::line;
  }
};

}  // namespace

std::unique_ptr<LineSource> make_terminal_source(std::string history_file) {
  return std::make_unique<TerminalSource>(std::move(history_file));
}

std::unique_ptr<LineSource> make_stream_source() { return std::make_unique<StreamSource>(); }

}  // namespace tinychat::cli
