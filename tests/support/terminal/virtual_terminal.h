#pragma once

#include <string>
#include <string_view>
#include <vector>

struct VTerm;
struct VTermScreen;

namespace tinychat::testing {

/// A terminal emulator in memory (libvterm): what a person would see after a program wrote
/// `bytes`, with the lines that scrolled off the top kept in order, as a terminal's scrollback.
/// Output goes through the line discipline's "\n" → "\r\n" first, as on a real terminal.
class VirtualTerminal {
 public:
  VirtualTerminal(int columns, int rows);
  ~VirtualTerminal();
  VirtualTerminal(const VirtualTerminal&) = delete;
  VirtualTerminal& operator=(const VirtualTerminal&) = delete;

  /// Bytes written to the terminal by a program (its "\n" turned into "\r\n").
  void write(std::string_view bytes);
  /// Bytes as the terminal receives them from a pty (already "\r\n").
  void receive(std::string_view bytes);
  void resize(int columns, int rows);

  /// The lines that scrolled off, then the screen's rows, trailing blanks and blank rows at the
  /// bottom removed: everything the terminal shows or showed.
  std::vector<std::string> transcript() const;
  /// Only the lines that scrolled off, in order.
  const std::vector<std::string>& scrollback() const { return scrollback_; }
  /// The screen's rows, trailing blanks removed.
  std::vector<std::string> screen() const;
  /// Whether the character at the start of the first occurrence of `text` on the screen or in
  /// the scrollback is bold (scrollback: not known, false).
  bool screen_text_is_bold(std::string_view text) const;

 private:
  static int push_line(int columns, const void* cells, void* self);

  VTerm* vterm_;
  VTermScreen* screen_;
  int columns_;
  int rows_;
  std::vector<std::string> scrollback_;
};

/// Joins lines with "\n" for a readable test failure.
std::string joined(const std::vector<std::string>& lines);

}  // namespace tinychat::testing
