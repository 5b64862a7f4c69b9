// The small print under an answer and the conversation's total.

#include "answer_numbers.h"

#include <QTest>

namespace tinychat::gui {

class AnswerNumbersTest : public QObject {
  Q_OBJECT

 private slots:
  void tokensTimeToFirstTokenAndSpeed() {
    StoredMessage answer;
    answer.role = Role::assistant;
    answer.usage.input_tokens = 1200;
    answer.usage.output_tokens = 340;
    answer.sent_ms = 1'000'000;
    answer.first_token_ms = 1'000'400;
    answer.finished_ms = 1'004'400;  // 340 tokens in 4 s
    QCOMPARE(answer_numbers(answer),
             QStringLiteral("1,200 in · 340 out · first token 0.4 s · 85 tokens/s"));
  }

  void whatIsNotKnownIsLeftOut() {
    StoredMessage answer;
    answer.role = Role::assistant;
    QCOMPARE(answer_numbers(answer), QString());
    answer.usage.output_tokens = 5;  // no times: an imported answer
    QCOMPARE(answer_numbers(answer), QStringLiteral("5 out"));
  }

  void theConversationsTotalCountsItsAnswers() {
    StoredMessage prompt;
    StoredMessage first;
    first.role = Role::assistant;
    first.usage.input_tokens = 10;
    first.usage.output_tokens = 20;
    StoredMessage second = first;
    second.usage.input_tokens = 40;
    QCOMPARE(conversation_numbers({prompt, first, prompt, second}),
             QStringLiteral("This conversation: 50 tokens in, 40 out"));
    QCOMPARE(conversation_numbers({prompt}), QString());
  }
};

}  // namespace tinychat::gui

QTEST_MAIN(tinychat::gui::AnswerNumbersTest)
#include "answer_numbers_test.moc"
