#pragma once

#include <string>
#include <vector>

#include "styled_text.h"

namespace tinychat::terminal_markdown {

/// A table as md4c gives it: rows of cells of inline text, the first `header_rows` the head.
struct Table {
  enum class Align { left, center, right };
  std::vector<std::vector<std::vector<Run>>> rows;
  std::vector<Align> aligns;  ///< Per column, from the delimiter row.
  std::size_t header_rows = 0;
};

/// Column widths for `natural` (each column's unwrapped width) and `widest_word`, to fit
/// `available` columns of content: the natural widths when they fit, else every column at least
/// its widest word (or a fair share when even those do not fit) and the rest shared in
/// proportion to what each still wants. Each width is at least 2 (a wide character).
std::vector<int> fit_columns(const std::vector<int>& natural, const std::vector<int>& widest_word,
                             int available);

/// Lays the table out in box-drawing characters within `columns` (less the prefix's width), its
/// cells wrapped; each line starts with `prefix` (a quote's bar, a list's indent).
void render_table(const Table& table, const std::vector<Piece>& prefix, int prefix_width,
                  int columns, std::vector<RenderedLine>& out);

}  // namespace tinychat::terminal_markdown
