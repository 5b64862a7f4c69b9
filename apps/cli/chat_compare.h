#pragma once

#include <memory>
#include <string>

#include "chat_commands.h"
#include "tinychat/session.h"

namespace tinychat::cli {

/// `/compare MODEL…` in `tinychat chat`: sends `prompt`, after the conversation so far, to each
/// of `models` (separated by spaces or commas) at once on `http`, shows the answers as the
/// one-shot compare mode does, records them as siblings, and goes on from the first model's
/// answer. Returns 0 when every answer completed, else 1 (130 when Ctrl-C stopped them).
int compare_in_chat(ChatContext& context, const std::shared_ptr<Session>& http,
                    const std::string& models, const std::string& prompt);

}  // namespace tinychat::cli
