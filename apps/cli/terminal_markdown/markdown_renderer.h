#pragma once

#include <string_view>
#include <vector>

#include "styled_text.h"

namespace tinychat::terminal_markdown {

/// Renders whole Markdown blocks (CommonMark with GitHub's tables, strikethrough, task lists and
/// autolinks, parsed by md4c) as lines for a terminal `columns` wide: headings, emphasis, inline
/// code, lists with hanging indents, block quotes, rules, links (OSC 8 for http and https, else
/// the URL in brackets) and tables in box-drawing characters fitted to the width. Paragraphs
/// and cells wrap by display width; code never wraps. Blocks are separated by a blank line
/// (except the items of a tight list). `markdown` must already be terminal_safe.
void render_markdown(std::string_view markdown, int columns, std::vector<RenderedLine>& out);

/// The first line of a fenced code block: its language, on the code's background.
void render_code_start(std::string_view info, int columns, std::vector<RenderedLine>& out);
/// One line of fenced code, as it is (tabs expanded to 8-column stops), on the code's
/// background: never wrapped by us, so the terminal's own soft wrap keeps copying exact.
void render_code_line(std::string_view line, int columns, std::vector<RenderedLine>& out);

}  // namespace tinychat::terminal_markdown
