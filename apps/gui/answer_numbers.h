#pragma once

#include <QString>
#include <vector>

#include "tinychat/pricing.h"
#include "tinychat/store.h"

namespace tinychat::gui {

/// The small print under an answer: "12 in · 34 out · first token 0.4 s · 85 tokens/s ·
/// $0.0012", from what the store kept of it. Parts that are not known are left out (a cost
/// whose price or counts are unknown, never "$0.00"); empty when none is.
QString answer_numbers(const StoredMessage& answer, const PriceTable& prices);

/// What an answer cost ("$0.0012"), the same sum as the command line's `-u`; empty when unknown.
QString answer_cost(const StoredMessage& answer, const PriceTable& prices);

/// Whether a finish reason means the answer was cut short rather than finished (a token limit,
/// a safety filter), which the transcript points out.
bool cut_short(const std::string& finish_reason);

/// The status bar's total for a branch: "This conversation: 1,234 tokens in, 567 out ·
/// $0.012", with "(+ 2 answers of unknown price)" when some could not be priced. Empty when no
/// answer reported tokens.
QString conversation_numbers(const std::vector<StoredMessage>& branch, const PriceTable& prices);

}  // namespace tinychat::gui
