#include "turn_recording.h"

namespace tinychat {

AnswerSource answer_source(const ProviderConfig& provider, const RequestOptions& options) {
  return {provider.name, options.model, provider.base_url, options.system_prompt,
          options.temperature};
}

AnswerOutcome answer_outcome(const TurnResult& result) {
  AnswerOutcome outcome;
  if (result.error.code == ErrorCode::cancelled) {
    outcome.status = MessageStatus::interrupted;
  } else if (result.error) {
    outcome.status = MessageStatus::failed;
  }
  outcome.error = result.error.message;
  outcome.finish_reason = result.finish_reason;
  outcome.usage = result.usage;
  return outcome;
}

DeltaCallback recording_deltas(DeltaCallback on_deltas,
                               std::shared_ptr<AnswerRecording> recording) {
  if (!recording) return on_deltas;
  return [on_deltas = std::move(on_deltas),
          recording = std::move(recording)](std::span<const Delta> deltas) {
    if (on_deltas) on_deltas(deltas);
    recording->append(deltas);
  };
}

}  // namespace tinychat
