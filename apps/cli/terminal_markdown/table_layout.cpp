#include "table_layout.h"

#include <algorithm>
#include <numeric>

namespace tinychat::terminal_markdown {

namespace {

const Style kBorder{Style::dim, {}};

std::string repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out.append(text);
  return out;
}

// Shares `extra` columns out in proportion to `wants` (largest remainders first, then in order).
void share(std::vector<int>& widths, const std::vector<int>& wants, int extra) {
  const long total = std::accumulate(wants.begin(), wants.end(), 0L);
  if (total <= 0 || extra <= 0) return;
  int given = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const int part = static_cast<int>(static_cast<long>(extra) * wants[i] / total);
    widths[i] += part;
    given += part;
  }
  for (std::size_t i = 0; given < extra && i < widths.size(); ++i) {
    if (wants[i] > 0) {
      ++widths[i];
      ++given;
    }
  }
}

// A table too wide for the terminal even at two columns a cell: each row as a record of
// "Header: value" lines, rows apart by a rule.
void render_records(const Table& table, std::size_t n, const std::vector<Piece>& prefix,
                    int prefix_width, int columns, std::vector<RenderedLine>& out) {
  const std::size_t first =
      table.header_rows > 0 && table.rows.size() > table.header_rows ? table.header_rows : 0;
  for (std::size_t r = first; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (r > first) {
      LineBuilder line(columns);
      for (const Piece& piece : prefix) line.add(piece.text, piece.style);
      line.add(repeat("─", std::max(1, columns - prefix_width)), kBorder);
      out.push_back(line.take());
    }
    for (std::size_t c = 0; c < n; ++c) {
      std::vector<Run> runs;
      if (first > 0 && c < table.rows[0].size()) {
        for (Run run : table.rows[0][c]) {
          run.style.flags |= Style::bold;
          runs.push_back(std::move(run));
        }
        runs.push_back({": ", {Style::bold, {}}, false});
      }
      if (c < row.size()) runs.insert(runs.end(), row[c].begin(), row[c].end());
      for (const WrappedLine& wrapped : wrap_runs(runs, std::max(2, columns - prefix_width))) {
        LineBuilder line(columns);
        for (const Piece& piece : prefix) line.add(piece.text, piece.style);
        line.add(wrapped);
        out.push_back(line.take());
      }
    }
  }
}

}  // namespace

std::vector<int> fit_columns(const std::vector<int>& natural, const std::vector<int>& widest_word,
                             int available) {
  // Two columns at least: a wide character (CJK, emoji) must fit in a cell's line.
  constexpr int kNarrowest = 2;
  const std::size_t n = natural.size();
  std::vector<int> widths(n, kNarrowest);
  if (n == 0) return widths;
  std::vector<int> natural_min1(n);
  for (std::size_t i = 0; i < n; ++i) natural_min1[i] = std::max(kNarrowest, natural[i]);
  if (std::accumulate(natural_min1.begin(), natural_min1.end(), 0) <= available) {
    return natural_min1;
  }
  std::vector<int> floor(n);
  for (std::size_t i = 0; i < n; ++i) {
    floor[i] = std::clamp(widest_word[i], kNarrowest, natural_min1[i]);
  }
  const int floor_sum = std::accumulate(floor.begin(), floor.end(), 0);
  if (floor_sum > available) {
    // Even the longest words do not fit: shares in proportion to them, words cut.
    std::vector<int> wants(n);
    for (std::size_t i = 0; i < n; ++i) wants[i] = floor[i] - kNarrowest;
    share(widths, wants, std::max(0, available - kNarrowest * static_cast<int>(n)));
    return widths;
  }
  widths = floor;
  std::vector<int> wants(n);
  for (std::size_t i = 0; i < n; ++i) wants[i] = natural_min1[i] - floor[i];
  share(widths, wants, available - floor_sum);
  return widths;
}

void render_table(const Table& table, const std::vector<Piece>& prefix, int prefix_width,
                  int columns, std::vector<RenderedLine>& out) {
  std::size_t n = 0;
  for (const auto& row : table.rows) n = std::max(n, row.size());
  if (n == 0) return;
  std::vector<int> natural(n, 0);
  std::vector<int> widest_word(n, 0);
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      const RunWidths widths = measure_runs(row[c]);
      natural[c] = std::max(natural[c], widths.natural);
      widest_word[c] = std::max(widest_word[c], widths.widest_word);
    }
  }
  // "│ a │ b │": a bar before each column and one at the end, a space each side of a cell.
  const int available = columns - prefix_width - static_cast<int>(3 * n + 1);
  if (available < 2 * static_cast<int>(n)) {
    render_records(table, n, prefix, prefix_width, columns, out);
    return;
  }
  const std::vector<int> widths = fit_columns(natural, widest_word, available);

  auto start_line = [&](LineBuilder& line) {
    for (const Piece& piece : prefix) line.add(piece.text, piece.style);
  };
  auto border = [&](const char* left, const char* middle, const char* right) {
    LineBuilder line(columns);
    start_line(line);
    std::string text = left;
    int width = 1;
    for (std::size_t c = 0; c < n; ++c) {
      text += repeat("─", widths[c] + 2);
      text += c + 1 < n ? middle : right;
      width += widths[c] + 3;
    }
    line.add(text, kBorder, width);
    out.push_back(line.take());
  };

  border("┌", "┬", "┐");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const bool header = r < table.header_rows;
    std::vector<std::vector<WrappedLine>> cells(n);
    std::size_t height = 1;
    for (std::size_t c = 0; c < n; ++c) {
      if (c < row.size()) cells[c] = wrap_runs(row[c], widths[c]);
      height = std::max(height, cells[c].size());
    }
    for (std::size_t i = 0; i < height; ++i) {
      LineBuilder line(columns);
      start_line(line);
      for (std::size_t c = 0; c < n; ++c) {
        line.add(c == 0 ? "│ " : " │ ", kBorder, c == 0 ? 2 : 3);
        const WrappedLine* text = i < cells[c].size() ? &cells[c][i] : nullptr;
        const int used = text != nullptr ? text->width : 0;
        const int pad = std::max(0, widths[c] - used);
        const Table::Align align = c < table.aligns.size() ? table.aligns[c] : Table::Align::left;
        const int before = align == Table::Align::right    ? pad
                           : align == Table::Align::center ? pad / 2
                                                           : 0;
        line.add(std::string(static_cast<std::size_t>(before), ' '), {}, before);
        if (text != nullptr) line.add(*text, header ? Style::bold : 0);
        line.add(std::string(static_cast<std::size_t>(pad - before), ' '), {}, pad - before);
      }
      line.add(" │", kBorder, 2);
      out.push_back(line.take());
    }
    if (header && r + 1 == table.header_rows && r + 1 < table.rows.size()) {
      border("├", "┼", "┤");
    }
  }
  border("└", "┴", "┘");
}

}  // namespace tinychat::terminal_markdown
