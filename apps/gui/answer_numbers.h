#pragma once

#include <QString>
#include <vector>

#include "tinychat/store.h"

namespace tinychat::gui {

/// The small print under an answer: "12 in · 34 out · first token 0.4 s · 85 tokens/s", from
/// what the store kept of it. Parts that are not known are left out; empty when none is.
QString answer_numbers(const StoredMessage& answer);

/// The cost of an answer, appended to its numbers ("· $0.0012"). Empty for now: the pricing
/// library (issue 11) is to fill this in, the one place the window shows a price.
QString answer_cost(const StoredMessage& answer);

/// Whether a finish reason means the answer was cut short rather than finished (a token limit,
/// a safety filter), which the transcript points out.
bool cut_short(const std::string& finish_reason);

/// The status bar's total for a branch: "This conversation: 1,234 tokens in, 567 out".
/// Empty when no answer reported tokens.
QString conversation_numbers(const std::vector<StoredMessage>& branch);

}  // namespace tinychat::gui
