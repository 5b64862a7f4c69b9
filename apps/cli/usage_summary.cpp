#include "usage_summary.h"

#include <algorithm>

#include "tinychat/model_catalog.h"

namespace tinychat::cli {

void UsageTotal::add(const Usage& usage, const ModelPrice* price) {
  if (usage.empty()) return;
  ++answers;
  input_tokens += std::max<std::int64_t>(usage.input_tokens, 0);
  output_tokens += std::max<std::int64_t>(usage.output_tokens, 0);
  const std::optional<double> answer_cost =
      price != nullptr ? usage_cost(usage, *price) : std::nullopt;
  if (answer_cost) {
    cost += *answer_cost;
  } else {
    ++unpriced;
  }
}

void UsageTotal::add_stored(const ModelUsage& sum, const ModelPrice* price) {
  answers += static_cast<std::size_t>(sum.answers + sum.unreported);
  input_tokens += sum.usage.input_tokens;
  output_tokens += sum.usage.output_tokens;
  const std::optional<double> sum_cost =
      price != nullptr && sum.answers > 0 ? usage_cost(sum.usage, *price) : std::nullopt;
  if (sum_cost) {
    cost += *sum_cost;
    unpriced += static_cast<std::size_t>(sum.unreported);
  } else {
    unpriced += static_cast<std::size_t>(sum.answers + sum.unreported);
  }
}

std::string UsageTotal::describe() const {
  Usage sum;
  sum.input_tokens = input_tokens;
  sum.output_tokens = output_tokens;
  const bool any_priced = unpriced < answers;
  std::string line = describe_usage(sum, any_priced ? std::optional(cost) : std::nullopt);
  if (any_priced && unpriced > 0) {
    line += " (+ " + std::to_string(unpriced) + (unpriced == 1 ? " answer" : " answers") +
            " of unknown price)";
  }
  return line;
}

std::int64_t estimated_tokens(const History& history, const Usage& last_usage,
                              std::string_view prompt) {
  const auto prompt_tokens = static_cast<std::int64_t>(prompt.size() / 4);
  if (last_usage.input_tokens >= 0 && last_usage.output_tokens >= 0) {
    return last_usage.input_tokens + last_usage.output_tokens + prompt_tokens;
  }
  std::size_t characters = 0;
  for (const Message& message : history) characters += message.content.size();
  return static_cast<std::int64_t>(characters / 4) + prompt_tokens;
}

std::string context_window_warning(std::string_view model, std::int64_t estimated) {
  const std::int64_t window = context_window(model);
  if (window <= 0 || estimated * 5 < window * 4) return {};
  std::string warning = "this conversation is about " + short_count(estimated) + " tokens, ";
  warning += estimated >= window ? "more than " : "near ";
  warning.append(model).append("'s context window (").append(short_count(window)).append(")");
  return warning;
}

}  // namespace tinychat::cli
