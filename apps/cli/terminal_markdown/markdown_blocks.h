#pragma once

// The terminal renderer's names for the splitter that the window shares (apps/shared/markdown):
// StreamingMarkdown and its tests use them as parts of this library.
#include "markdown/markdown_blocks.h"

namespace tinychat::terminal_markdown {

using markdown::MarkdownBlocks;
using markdown::MarkdownPart;

}  // namespace tinychat::terminal_markdown
