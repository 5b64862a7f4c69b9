#pragma once

#include <string>

#include "conversation_access.h"

namespace tinychat::cli {

/// --pick MODEL|N: makes one of the answers to the conversation's latest prompt (the siblings a
/// comparison stored) its current branch, by model name or by place (1 for the first), so that
/// the continuation follows it; `continuation` then names that answer's provider and model.
/// ErrorCode::invalid_argument naming the answers there are when none matches.
Error pick_answer(const std::string& pick, Continuation& continuation);

}  // namespace tinychat::cli
