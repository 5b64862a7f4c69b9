// The small print under an answer and the conversation's total.

#include "answer_numbers.h"

#include <QTest>

namespace tinychat::gui {

class AnswerNumbersTest : public QObject {
  Q_OBJECT

  // $1 per million tokens in, $2 out, for "priced"; nothing is known of any other model.
  static PriceTable prices() {
    PriceTable table;
    ModelPrice price;
    price.input = 1;
    price.output = 2;
    table.set("priced", price);
    return table;
  }

 private slots:
  void tokensTimeToFirstTokenAndSpeed() {
    StoredMessage answer;
    answer.role = Role::assistant;
    answer.usage.input_tokens = 1200;
    answer.usage.output_tokens = 340;
    answer.sent_ms = 1'000'000;
    answer.first_token_ms = 1'000'400;
    answer.finished_ms = 1'004'400;  // 340 tokens in 4 s
    QCOMPARE(answer_numbers(answer, prices()),
             QStringLiteral("1,200 in · 340 out · first token 0.4 s · 85 tokens/s"));
    answer.model = "priced";  // 1,200 × $1 + 340 × $2 per million
    QCOMPARE(answer_numbers(answer, prices()),
             QStringLiteral("1,200 in · 340 out · first token 0.4 s · 85 tokens/s · $0.0019"));
  }

  void whatIsNotKnownIsLeftOut() {
    StoredMessage answer;
    answer.role = Role::assistant;
    answer.model = "priced";
    QCOMPARE(answer_numbers(answer, prices()), QString());  // no counts: no cost, never $0.00
    answer.usage.output_tokens = 5;                         // no times: an imported answer
    QCOMPARE(answer_numbers(answer, prices()), QStringLiteral("5 out"));
  }

  void theConversationsTotalCountsItsAnswers() {
    StoredMessage prompt;
    StoredMessage first;
    first.role = Role::assistant;
    first.usage.input_tokens = 10;
    first.usage.output_tokens = 20;
    StoredMessage second = first;
    second.usage.input_tokens = 40;
    QCOMPARE(conversation_numbers({prompt, first, prompt, second}, prices()),
             QStringLiteral("This conversation: 50 tokens in, 40 out"));
    QCOMPARE(conversation_numbers({prompt}, prices()), QString());
    first.model = "priced";  // 10 × $1 + 20 × $2 per million
    QCOMPARE(conversation_numbers({prompt, first, prompt, second}, prices()),
             QStringLiteral("This conversation: 50 tokens in, 40 out · $0.000050 (+ 1 answer of "
                            "unknown price)"));
    second.model = "priced";
    QCOMPARE(conversation_numbers({prompt, first, prompt, second}, prices()),
             QStringLiteral("This conversation: 50 tokens in, 40 out · $0.00013"));
  }
};

}  // namespace tinychat::gui

QTEST_MAIN(tinychat::gui::AnswerNumbersTest)
#include "answer_numbers_test.moc"
