#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "tinychat/conversation_recorder.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// Records one prompt put to several models at once (compare mode), as the command line and the
/// window record it: `prompt` with an empty answer from `sources[0]` as a new turn on the current
/// branch, then an empty answer from each other source as a sibling of that answer. The first
/// answer stays the current branch; checkout() another to continue from it. Returns one
/// recording per source, in order, for each answer to stream into; a null one is not recorded
/// (the store could not be written: the recorder's warning says why, and the ones after it are
/// null too). Nothing is recorded for empty `sources`.
TINYCHAT_API std::vector<std::shared_ptr<AnswerRecording>> record_compared_prompt(
    ConversationRecorder& recorder, std::string_view prompt, std::span<const AnswerSource> sources);

}  // namespace tinychat
