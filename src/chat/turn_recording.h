#pragma once

#include <memory>

#include "tinychat/chat_session.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/provider.h"

namespace tinychat {

/// What the store records about where an answer comes from: provider, model, base URL (its
/// user-info dropped by the store), system prompt and temperature. Never the key.
AnswerSource answer_source(const ProviderConfig& provider, const RequestOptions& options);

/// How a turn's result ends its record: complete, interrupted (cancelled: Stop, Ctrl-C, New
/// Chat) or failed, with the error, finish reason and usage.
AnswerOutcome answer_outcome(const TurnResult& result);

/// Calls `on_deltas`, then hands the same deltas to `recording`: the caller (the terminal, the
/// window) always gets each piece first, and recording it costs a string append.
DeltaCallback recording_deltas(DeltaCallback on_deltas, std::shared_ptr<AnswerRecording> recording);

}  // namespace tinychat
