#pragma once

#include <string>

#include "tinychat/conversation.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// The original's plain-text export: "You: question\nLLM: answer", turns separated by a blank
/// line; an interrupted answer ends with " [interrupted]". Reasoning is left out.
TINYCHAT_API std::string export_text(const History& history);

/// A Markdown document: a "## You" / "## LLM" section per message, reasoning quoted above the
/// answer, an interrupted answer marked "*(interrupted)*". Answers are kept as the model wrote
/// them, so their own Markdown renders.
TINYCHAT_API std::string export_markdown(const History& history);

/// A JSON document for programs: {"format": "tinychat.conversation", "version": 1,
/// "messages": [{"role", "content", "reasoning"?, "interrupted"?}]}. Invalid UTF-8 becomes U+FFFD.
TINYCHAT_API std::string export_json(const History& history);

}  // namespace tinychat
