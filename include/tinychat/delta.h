#pragma once

#include <cstdint>
#include <string>

namespace tinychat {

/// Token counts as the provider reported them; -1 where it did not say.
struct Usage {
  std::int64_t input_tokens = -1;
  std::int64_t output_tokens = -1;
  std::int64_t reasoning_tokens = -1;  ///< Part of output_tokens spent thinking, where reported.
  std::int64_t cached_tokens = -1;     ///< Part of input_tokens served from a prompt cache.

  bool empty() const { return input_tokens < 0 && output_tokens < 0; }
  friend bool operator==(const Usage&, const Usage&) = default;
};

enum class DeltaKind {
  text,       ///< A piece of the answer.
  reasoning,  ///< A piece of the model's visible thinking, kept apart from the answer.
  usage,      ///< Token counts (may come more than once; the latest wins).
  finish,     ///< Why the model stopped, in the provider's own words ("stop", "end_turn"...).
};

/// One piece of a streamed reply, the same for every provider.
struct Delta {
  DeltaKind kind = DeltaKind::text;
  std::string text;  ///< The piece (text, reasoning) or the finish reason (finish).
  Usage usage;       ///< Set with DeltaKind::usage.

  static Delta answer(std::string piece) { return {DeltaKind::text, std::move(piece), {}}; }
  static Delta thinking(std::string piece) { return {DeltaKind::reasoning, std::move(piece), {}}; }
  static Delta finished(std::string reason) { return {DeltaKind::finish, std::move(reason), {}}; }
  static Delta counted(Usage u) { return {DeltaKind::usage, {}, u}; }
};

}  // namespace tinychat
