#include "answer_numbers.h"

#include <QLocale>
#include <QObject>
#include <QStringList>

namespace tinychat::gui {

QString answer_numbers(const StoredMessage& answer, const PriceTable& prices) {
  QStringList parts;
  const QLocale locale;
  if (answer.usage.input_tokens >= 0)
    parts << QObject::tr("%1 in").arg(locale.toString(answer.usage.input_tokens));
  if (answer.usage.output_tokens >= 0)
    parts << QObject::tr("%1 out").arg(locale.toString(answer.usage.output_tokens));
  if (answer.sent_ms > 0 && answer.first_token_ms >= answer.sent_ms) {
    const double seconds = static_cast<double>(answer.first_token_ms - answer.sent_ms) / 1000.0;
    parts << QObject::tr("first token %1 s").arg(seconds, 0, 'f', 1);
  }
  const std::int64_t streaming_ms = answer.finished_ms - answer.first_token_ms;
  if (answer.usage.output_tokens > 0 && answer.first_token_ms > 0 && streaming_ms > 0) {
    const double rate = static_cast<double>(answer.usage.output_tokens) * 1000.0 /
                        static_cast<double>(streaming_ms);
    parts << QObject::tr("%1 tokens/s").arg(rate, 0, 'f', rate < 10 ? 1 : 0);
  }
  if (const QString cost = answer_cost(answer, prices); !cost.isEmpty()) parts << cost;
  return parts.join(QStringLiteral(" · "));
}

bool cut_short(const std::string& reason) {
  return reason == "length" || reason == "max_tokens" || reason == "MAX_TOKENS" ||
         reason == "model_length" || reason == "SAFETY" || reason == "content_filter";
}

namespace {

std::optional<double> cost_of(const StoredMessage& answer, const PriceTable& prices) {
  const ModelPrice* price = prices.find(answer.model);
  return price ? usage_cost(answer.usage, *price) : std::nullopt;
}

}  // namespace

QString answer_cost(const StoredMessage& answer, const PriceTable& prices) {
  const std::optional<double> cost = cost_of(answer, prices);
  return cost ? QString::fromStdString(format_usd(*cost)) : QString();
}

QString conversation_numbers(const std::vector<StoredMessage>& branch, const PriceTable& prices) {
  std::int64_t in = 0;
  std::int64_t out = 0;
  bool any = false;
  double cost = 0;
  int priced = 0;
  int unpriced = 0;
  for (const StoredMessage& message : branch) {
    if (message.role != Role::assistant || message.usage.empty()) continue;
    any = true;
    in += std::max<std::int64_t>(0, message.usage.input_tokens);
    out += std::max<std::int64_t>(0, message.usage.output_tokens);
    if (const std::optional<double> answer = cost_of(message, prices)) {
      cost += *answer;
      ++priced;
    } else {
      ++unpriced;
    }
  }
  if (!any) return {};
  const QLocale locale;
  QString text = QObject::tr("This conversation: %1 tokens in, %2 out")
                     .arg(locale.toString(in), locale.toString(out));
  if (priced == 0) return text;
  text += QStringLiteral(" · ") + QString::fromStdString(format_usd(cost));
  if (unpriced == 1) text += QObject::tr(" (+ 1 answer of unknown price)");
  if (unpriced > 1) text += QObject::tr(" (+ %1 answers of unknown price)").arg(unpriced);
  return text;
}

}  // namespace tinychat::gui
