// The live view of compare mode on a terminal: each answer's text is cut into lines of the
// pane's width as it arrives, and only whole lines are written, so that the answers streaming
// at once never tear each other's lines. Side by side, each column advances on its own: a line
// that belongs to a row already on the screen is written into that row's blank cell (the cursor
// goes up, writes it, and comes back down), otherwise it starts a new row. A column that has
// fallen a screen behind the others continues below them. Widths count code points: a wide (CJK)
// character takes two columns and then shifts its row.
#include <algorithm>
#include <deque>

#include "compare_view.h"
#include "tinychat/terminal_text.h"

namespace tinychat::cli {

namespace {

constexpr int kMinColumnWidth = 40;
constexpr std::string_view kColumnGap = " │ ";
constexpr int kColumnGapWidth = 3;

bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

std::size_t width_of(std::string_view text) {
  return static_cast<std::size_t>(std::ranges::count_if(text, starts_code_point));
}

// `text` cut or padded with spaces to `width` code points.
std::string fitted(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t used = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (starts_code_point(text[i])) {
      if (used == width) break;
      ++used;
    }
    out += text[i];
  }
  out.append(width - used, ' ');
  return out;
}

class LiveView final : public CompareView {
 public:
  LiveView(std::FILE* out, std::vector<std::string> models, int columns, int rows)
      : out_(out), screen_rows_(static_cast<std::size_t>(std::max(rows, 3))) {
    const int count = static_cast<int>(models.size());
    side_by_side_ = count * kMinColumnWidth + (count - 1) * kColumnGapWidth <= columns;
    std::size_t label_width = 0;
    for (const std::string& model : models) {
      Pane pane;
      pane.label = terminal_safe(model);
      panes_.push_back(std::move(pane));
      label_width = std::max(label_width, width_of(panes_.back().label));
    }
    label_width = std::min<std::size_t>(label_width, 24);
    if (side_by_side_) {
      width_ = static_cast<std::size_t>((columns - (count - 1) * kColumnGapWidth) / count);
      std::string header;
      std::string rule;
      for (std::size_t i = 0; i < panes_.size(); ++i) {
        if (i > 0) {
          header += kColumnGap;
          rule += "─┼─";
        }
        header += fitted(panes_[i].label, width_);
        for (std::size_t c = 0; c < width_; ++c) rule += "─";
      }
      out_.write(trimmed(header) + "\n" + rule + "\n");
      out_.flush();
    } else {
      width_ = static_cast<std::size_t>(
          std::max<int>(columns - static_cast<int>(label_width) - kColumnGapWidth, 20));
      for (Pane& pane : panes_) pane.label = fitted(pane.label, label_width);
    }
  }

  void deltas(std::size_t index, std::span<const Delta> deltas) override {
    Pane& pane = panes_[index];
    for (const Delta& delta : deltas) {
      if (delta.kind != DeltaKind::text) continue;
      cleaned_.clear();
      append_terminal_safe(cleaned_, delta.text);
      for (const char c : cleaned_) add(pane, c);
    }
    write_ready();
  }

  void finished(std::size_t index, const TurnResult&) override {
    Pane& pane = panes_[index];
    if (!pane.partial.empty()) end_line(pane);
    pane.done = true;
    write_ready();
  }

  bool output_failed() const override { return out_.failed(); }
  int finish_output() override { return out_.finish(0, "the answers"); }

  void notice(std::size_t, const std::string& message) override {
    // On standard output, in the flow of rows: a line on standard error, below the rows, would
    // move them all one row further from where the columns go back to write.
    out_.write(terminal_safe("tinychat: " + message) + "\n");
    out_.flush();
    if (side_by_side_) reserved_rows_.push_back(rows_++);  // No column writes into it.
  }

 private:
  struct Pane {
    std::string label;
    std::size_t next_row = 0;       // Side by side: the row its next line goes to.
    std::deque<std::string> lines;  // Whole lines not written yet.
    std::string partial;            // The line being received.
    std::size_t partial_width = 0;
    bool done = false;
  };

  void add(Pane& pane, char c) {
    if (c == '\n') return end_line(pane);
    if (c == '\r') return;
    if (c == '\t') {
      add(pane, ' ');
      return add(pane, ' ');
    }
    if (starts_code_point(c)) {
      if (pane.partial_width == width_) end_line(pane);  // Wrapped: the pane is full.
      ++pane.partial_width;
    }
    pane.partial += c;
  }

  static void end_line(Pane& pane) {
    pane.lines.push_back(std::move(pane.partial));
    pane.partial.clear();
    pane.partial_width = 0;
  }

  static std::string trimmed(std::string line) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  }

  // Writes `line` as column `index`'s next cell: into its row if that row is still on the
  // screen, else as a new row below the last, blank but for this cell.
  void place(std::size_t index, const std::string& line, std::string& text) {
    Pane& pane = panes_[index];
    while (std::ranges::find(reserved_rows_, pane.next_row) != reserved_rows_.end()) {
      ++pane.next_row;
    }
    if (pane.next_row < rows_ && rows_ - pane.next_row >= screen_rows_ - 1) {
      pane.next_row = rows_;  // Its row has scrolled away: go on below.
    }
    if (pane.next_row < rows_) {
      const std::string up = std::to_string(rows_ - pane.next_row);
      const std::size_t x = index * (width_ + kColumnGapWidth);
      text += "\x1b[" + up + "A\x1b[" + std::to_string(x + 1) + "G" + line + "\r\x1b[" + up + "B";
    } else {
      std::string row;
      for (std::size_t i = 0; i < panes_.size(); ++i) {
        if (i > 0) row += kColumnGap;
        row += fitted(i == index ? std::string_view(line) : std::string_view(), width_);
      }
      text += trimmed(std::move(row)) + "\n";
      ++rows_;
    }
    ++pane.next_row;
  }

  void write_ready() {
    std::string text;
    if (side_by_side_) {
      for (std::size_t i = 0; i < panes_.size(); ++i) {
        for (const std::string& line : panes_[i].lines) place(i, line, text);
        panes_[i].lines.clear();
      }
    } else {
      for (Pane& pane : panes_) {
        for (const std::string& line : pane.lines) {
          text += trimmed(pane.label + std::string(kColumnGap) + line) + "\n";
        }
        pane.lines.clear();
      }
    }
    if (text.empty()) return;
    out_.write(text);
    out_.flush();
  }

  CheckedOutput out_;
  std::vector<Pane> panes_;
  bool side_by_side_ = false;
  std::size_t width_ = 0;
  std::size_t screen_rows_;
  std::size_t rows_ = 0;                    // Side by side: rows written below the header.
  std::vector<std::size_t> reserved_rows_;  // Rows that hold a notice, not cells.
  std::string cleaned_;
};

}  // namespace

std::unique_ptr<CompareView> make_live_view(std::FILE* out, std::vector<std::string> models,
                                            int columns, int rows) {
  return std::make_unique<LiveView>(out, std::move(models), columns, rows);
}

}  // namespace tinychat::cli
