// The sidebar's groups and relative times.

#include "history_time.h"

#include <QTest>

namespace tinychat::gui {

class HistoryTimeTest : public QObject {
  Q_OBJECT

 private slots:
  void groupsByTheLocalCalendarDay() {
    const QDateTime now(QDate(2026, 3, 12), QTime(0, 30));
    const auto at = [](const QDateTime& when) { return when.toMSecsSinceEpoch(); };
    QCOMPARE(day_group(at(now.addSecs(-10 * 60)), now), DayGroup::today);
    // 40 minutes ago was yesterday evening: the day, not 24 hours, decides.
    QCOMPARE(day_group(at(now.addSecs(-40 * 60)), now), DayGroup::yesterday);
    QCOMPARE(day_group(at(now.addDays(-2)), now), DayGroup::earlier);
    QCOMPARE(day_group_name(DayGroup::today), QStringLiteral("Today"));
    QCOMPARE(day_group_name(DayGroup::earlier), QStringLiteral("Earlier"));
  }

  void saysHowLongAgoInFewWords() {
    const QDateTime now(QDate(2026, 3, 12), QTime(15, 0));
    const auto ago = [&](qint64 seconds) { return now.addSecs(-seconds).toMSecsSinceEpoch(); };
    QCOMPARE(relative_time(ago(20), now), QStringLiteral("just now"));
    QCOMPARE(relative_time(ago(5 * 60), now), QStringLiteral("5 min ago"));
    QCOMPARE(relative_time(ago(3 * 3600), now), QStringLiteral("3 h ago"));
    QCOMPARE(relative_time(ago(24 * 3600), now), QStringLiteral("yesterday"));
    QCOMPARE(relative_time(now.addDays(-20).toMSecsSinceEpoch(), now), QStringLiteral("20 Feb"));
    QCOMPARE(relative_time(now.addYears(-1).toMSecsSinceEpoch(), now),
             QStringLiteral("12 Mar 2025"));
  }
};

}  // namespace tinychat::gui

QTEST_MAIN(tinychat::gui::HistoryTimeTest)
#include "history_time_test.moc"
