#include "tinychat/terminal_text.h"

#include <gtest/gtest.h>

namespace tinychat {
namespace {

TEST(TerminalSafe, ClearScreenFromAnAnswerBecomesVisible) {
  EXPECT_EQ(terminal_safe("before\x1b[2Jafter"), "before^[[2Jafter");
}

TEST(TerminalSafe, TitleAndClipboardSequencesCannotReachTheTerminal) {
  // OSC 0 (title) ended by BEL, OSC 52 (clipboard) ended by ESC backslash.
  EXPECT_EQ(terminal_safe("\x1b]0;pwned\x07"), "^[]0;pwned^G");
  EXPECT_EQ(terminal_safe("\x1b]52;c;cm0gLXJmIH4=\x1b\\"), "^[]52;c;cm0gLXJmIH4=^[\\");
}

TEST(TerminalSafe, C1ControlsBecomeVisibleInTheir7BitForm) {
  EXPECT_EQ(terminal_safe("a\xc2\x9b"
                          "2Jb"),
            "a^[[2Jb");  // U+009B, CSI
  EXPECT_EQ(terminal_safe("\xc2\x9d"
                          "0;t\xc2\x9c"),
            "^[]0;t^[\\");
}

TEST(TerminalSafe, DeleteAndOtherC0ControlsBecomeVisible) {
  EXPECT_EQ(terminal_safe(std::string("a\x7f\x08\x00z", 5)), "a^?^H^@z");
}

TEST(TerminalSafe, CarriageReturnIsDroppedSoNothingOverwritesTheLine) {
  EXPECT_EQ(terminal_safe("safe\rrm -rf\r\n"), "saferm -rf\n");
}

TEST(TerminalSafe, KeepsNewlinesTabsAndEveryPrintableCharacter) {
  const std::string text = "line\n\tindented — é, 中文, 🙂 and U+00A0:\xc2\xa0.";
  EXPECT_TRUE(is_terminal_safe(text));
  EXPECT_EQ(terminal_safe(text), text);
}

TEST(TerminalSafe, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  // A lone 0x9B is CSI on terminals that take 8-bit controls.
  EXPECT_EQ(terminal_safe("a\x9b"
                          "2J"),
            "a\xEF\xBF\xBD"
            "2J");
  EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(terminal_safe("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  EXPECT_EQ(terminal_safe("cut \xe4\xb8"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(TerminalSafe, AppendsToWhatIsThere) {
  std::string out = "tinychat: ";
  append_terminal_safe(out, "\x1b[31mred");
  EXPECT_EQ(out, "tinychat: ^[[31mred");
}

}  // namespace
}  // namespace tinychat
