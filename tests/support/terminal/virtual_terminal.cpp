#include "support/terminal/virtual_terminal.h"

#include <vterm.h>

namespace tinychat::testing {

namespace {

void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// A row of cells as text: a wide character's second cell adds nothing, an empty cell a space.
std::string row_text(int columns, const VTermScreenCell* cells) {
  std::string text;
  for (int i = 0; i < columns; ++i) {
    const VTermScreenCell& cell = cells[i];
    if (cell.chars[0] == static_cast<std::uint32_t>(-1)) continue;
    if (cell.chars[0] == 0) {
      text += ' ';
      continue;
    }
    for (int k = 0; k < VTERM_MAX_CHARS_PER_CELL && cell.chars[k] != 0; ++k) {
      append_utf8(text, cell.chars[k]);
    }
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

VirtualTerminal::VirtualTerminal(int columns, int rows)
    : vterm_(vterm_new(rows, columns)), columns_(columns), rows_(rows) {
  vterm_set_utf8(vterm_, 1);
  screen_ = vterm_obtain_screen(vterm_);
  static const VTermScreenCallbacks callbacks = [] {
    VTermScreenCallbacks c{};
    c.sb_pushline = [](int cols, const VTermScreenCell* cells, void* self) {
      return push_line(cols, cells, self);
    };
    return c;
  }();
  vterm_screen_set_callbacks(screen_, &callbacks, this);
  vterm_screen_reset(screen_, 1);
}

VirtualTerminal::~VirtualTerminal() { vterm_free(vterm_); }

int VirtualTerminal::push_line(int columns, const void* cells, void* self) {
  auto* terminal = static_cast<VirtualTerminal*>(self);
  terminal->scrollback_.push_back(row_text(columns, static_cast<const VTermScreenCell*>(cells)));
  return 1;
}

void VirtualTerminal::write(std::string_view bytes) {
  std::string translated;
  translated.reserve(bytes.size() + bytes.size() / 16);
  for (char c : bytes) {
    if (c == '\n') translated += '\r';
    translated += c;
  }
  receive(translated);
}

void VirtualTerminal::receive(std::string_view bytes) {
  vterm_input_write(vterm_, bytes.data(), bytes.size());
}

void VirtualTerminal::resize(int columns, int rows) {
  columns_ = columns;
  rows_ = rows;
  vterm_set_size(vterm_, rows, columns);
}

std::vector<std::string> VirtualTerminal::screen() const {
  std::vector<std::string> rows;
  std::vector<VTermScreenCell> cells(static_cast<std::size_t>(columns_));
  for (int row = 0; row < rows_; ++row) {
    for (int col = 0; col < columns_; ++col) {
      vterm_screen_get_cell(screen_, VTermPos{row, col}, &cells[static_cast<std::size_t>(col)]);
    }
    rows.push_back(row_text(columns_, cells.data()));
  }
  return rows;
}

std::vector<std::string> VirtualTerminal::transcript() const {
  std::vector<std::string> lines = scrollback_;
  for (std::string& row : screen()) lines.push_back(std::move(row));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

bool VirtualTerminal::screen_text_is_bold(std::string_view text) const {
  const std::vector<std::string> rows = screen();
  for (int row = 0; row < rows_; ++row) {
    const std::size_t at = rows[static_cast<std::size_t>(row)].find(text);
    if (at == std::string::npos) continue;
    // The column: count the cells before the match (ASCII rows in the tests that ask).
    VTermScreenCell cell{};
    vterm_screen_get_cell(screen_, VTermPos{row, static_cast<int>(at)}, &cell);
    return cell.attrs.bold != 0;
  }
  return false;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

}  // namespace tinychat::testing
