#include "history_time.h"

#include <QObject>

namespace tinychat::gui {

DayGroup day_group(std::int64_t updated_ms, const QDateTime& now) {
  const QDate day = QDateTime::fromMSecsSinceEpoch(updated_ms).date();
  const QDate today = now.date();
  if (day >= today) return DayGroup::today;
  if (day == today.addDays(-1)) return DayGroup::yesterday;
  return DayGroup::earlier;
}

QString day_group_name(DayGroup group) {
  switch (group) {
    case DayGroup::today:
      return QObject::tr("Today");
    case DayGroup::yesterday:
      return QObject::tr("Yesterday");
    case DayGroup::earlier:
      break;
  }
  return QObject::tr("Earlier");
}

QString relative_time(std::int64_t updated_ms, const QDateTime& now) {
  const qint64 seconds = (now.toMSecsSinceEpoch() - updated_ms) / 1000;
  switch (day_group(updated_ms, now)) {
    case DayGroup::today:
      if (seconds < 60) return QObject::tr("just now");
      if (seconds < 3600) return QObject::tr("%1 min ago").arg(seconds / 60);
      return QObject::tr("%1 h ago").arg(seconds / 3600);
    case DayGroup::yesterday:
      return QObject::tr("yesterday");
    case DayGroup::earlier:
      break;
  }
  const QDateTime when = QDateTime::fromMSecsSinceEpoch(updated_ms);
  return when.date().year() == now.date().year() ? when.toString(QStringLiteral("d MMM"))
                                                 : when.toString(QStringLiteral("d MMM yyyy"));
}

}  // namespace tinychat::gui
