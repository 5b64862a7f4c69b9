#include "tinychat/compare_recording.h"

namespace tinychat {

std::vector<std::shared_ptr<AnswerRecording>> record_compared_prompt(
    ConversationRecorder& recorder, std::string_view prompt,
    std::span<const AnswerSource> sources) {
  std::vector<std::shared_ptr<AnswerRecording>> recordings(sources.size());
  if (sources.empty()) return recordings;
  recordings.front() = recorder.begin_turn(prompt, sources.front());
  if (!recordings.front()) return recordings;
  StoredMessage asked;
  if (recorder.last_prompt(asked)) return recordings;
  // Each other answer follows the prompt: checkout() makes it the leaf that begin_answer()
  // answers, so they are siblings of the first.
  for (std::size_t i = 1; i < sources.size(); ++i) {
    if (recorder.checkout(asked.id)) break;
    if (recorder.begin_answer(sources[i], recordings[i])) break;
  }
  static_cast<void>(recorder.checkout(recordings.front()->message_id()));
  return recordings;
}

}  // namespace tinychat
