#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tinychat/conversation.h"
#include "tinychat/pricing.h"
#include "tinychat/store.h"

namespace tinychat::cli {

/// Tokens and cost summed over answers, each priced at its own model's price. An answer whose
/// price is unknown adds its tokens but no cost, and is counted apart: a total never passes an
/// unknown price off as $0.
struct UsageTotal {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost = 0;
  std::size_t answers = 0;   ///< Answers that reported usage.
  std::size_t unpriced = 0;  ///< Of those, answers whose cost is unknown.

  void add(const Usage& usage, const ModelPrice* price);
  /// Adds one model's answers as the store sums them (Store::conversation_usage).
  void add_stored(const ModelUsage& sum, const ModelPrice* price);
  /// "12k in · 2.1k out · $0.041", then "(1 answer of unknown price)" when some were; no cost
  /// at all when none was priced.
  std::string describe() const;
};

/// About how many tokens the next request carries: the last answer's reported usage (its
/// prompt and answer) when known, else a quarter of the characters of the history, plus the
/// new prompt's.
std::int64_t estimated_tokens(const History& history, const Usage& last_usage,
                              std::string_view prompt);

/// "this conversation is about 110k tokens, near gpt-4o's context window (128k)" when the
/// estimate reaches 80% of the model's window (catalog models only); "" otherwise.
std::string context_window_warning(std::string_view model, std::int64_t estimated);

}  // namespace tinychat::cli
