#include "answer_numbers.h"

#include <QLocale>
#include <QObject>
#include <QStringList>

namespace tinychat::gui {

QString answer_numbers(const StoredMessage& answer) {
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
  if (const QString cost = answer_cost(answer); !cost.isEmpty()) parts << cost;
  return parts.join(QStringLiteral(" · "));
}

QString answer_cost(const StoredMessage&) { return {}; }

bool cut_short(const std::string& reason) {
  return reason == "length" || reason == "max_tokens" || reason == "MAX_TOKENS" ||
         reason == "model_length" || reason == "SAFETY" || reason == "content_filter";
}

QString conversation_numbers(const std::vector<StoredMessage>& branch) {
  std::int64_t in = 0;
  std::int64_t out = 0;
  bool any = false;
  for (const StoredMessage& message : branch) {
    if (message.role != Role::assistant || message.usage.empty()) continue;
    any = true;
    in += std::max<std::int64_t>(0, message.usage.input_tokens);
    out += std::max<std::int64_t>(0, message.usage.output_tokens);
  }
  if (!any) return {};
  const QLocale locale;
  return QObject::tr("This conversation: %1 tokens in, %2 out")
      .arg(locale.toString(in), locale.toString(out));
}

}  // namespace tinychat::gui
