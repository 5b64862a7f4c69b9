#pragma once

#include <string>

#include "tinychat/conversation.h"

namespace tinychat {

/// The original's plain-text export: "You: question\nLLM: answer", turns separated by a blank
/// line; an interrupted answer ends with " [interrupted]". Reasoning is left out.
std::string export_text(const History& history);

}  // namespace tinychat
