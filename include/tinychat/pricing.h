#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "tinychat/delta.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// What a model costs, in US dollars per million tokens. A negative price is unknown.
struct ModelPrice {
  double input = -1;         ///< Input (prompt) tokens, except those read from a cache.
  double output = -1;        ///< Output tokens, except reasoning when `reasoning` is known.
  double cached_input = -1;  ///< Input tokens read from a prompt cache; unknown: as `input`.
  double reasoning = -1;     ///< Reasoning (thinking) tokens; unknown: as `output`.
  std::string checked;       ///< When the price was checked ("2025-11"); "" from a config file.
  std::string source;        ///< Where it was read (the provider's pricing page).

  /// Whether a cost can be given: input and output prices are known.
  bool known() const { return input >= 0 && output >= 0; }
};

/// Prices by model id.
class TINYCHAT_API PriceTable {
 public:
  using Models = std::map<std::string, ModelPrice, std::less<>>;

  /// The table shipped with tinychat (share/tinychat/prices.json, also compiled in): the
  /// catalog's models whose prices were known when it was written, each with its date and
  /// source.
  static const PriceTable& built_in();

  /// The price of `model`: its own entry, else that of the model it is a dated snapshot of
  /// ("gpt-4o-2024-08-06" → "gpt-4o", "claude-haiku-4-5-20251001" → "claude-haiku-4-5");
  /// nullptr when unknown.
  const ModelPrice* find(std::string_view model) const;
  /// Adds or replaces one model's price.
  void set(std::string model, ModelPrice price);
  const Models& models() const { return models_; }

 private:
  Models models_;
};

/// The prices to use: the built-in table with `overrides` (the config file's "prices") added
/// over it, an override replacing the model's whole entry.
TINYCHAT_API PriceTable prices_with(const std::map<std::string, ModelPrice>& overrides);

/// What a turn cost in US dollars, or nothing when the price or the counts are unknown (never a
/// made-up $0). `usage` as every adapter reports it: input_tokens includes cached_tokens and
/// output_tokens includes reasoning_tokens (OpenAI's own meaning; the Anthropic and Gemini
/// decoders add their separate counts in), so each token is priced once: cached ones at the
/// cached price, reasoning ones at the reasoning price, the rest at the input or output price.
TINYCHAT_API std::optional<double> usage_cost(const Usage& usage, const ModelPrice& price);

/// "1.2k in · 56 out · $0.0042", the cost left out when unknown; "?" for an unknown count.
TINYCHAT_API std::string describe_usage(const Usage& usage, std::optional<double> cost);

/// "1.2k", "56", "3.4M": a token count for people.
TINYCHAT_API std::string short_count(std::int64_t count);

/// "$0.0042", "$1.23": two significant digits below a cent, cents above.
TINYCHAT_API std::string format_usd(double usd);

}  // namespace tinychat
