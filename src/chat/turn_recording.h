#pragma once

#include <memory>

#include "tinychat/chat_session.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/provider.h"

namespace tinychat {

// answer_source and answer_outcome are public: tinychat/chat_session.h.

/// Calls `on_deltas`, then hands the same deltas to `recording`: the caller (the terminal, the
/// window) always gets each piece first, and recording it costs a string append.
DeltaCallback recording_deltas(DeltaCallback on_deltas, std::shared_ptr<AnswerRecording> recording);

}  // namespace tinychat
