#pragma once

#include <QDateTime>
#include <QString>
#include <cstdint>

namespace tinychat::gui {

/// The sidebar's groups, newest first.
enum class DayGroup { today, yesterday, earlier };

/// Which group a conversation updated at `updated_ms` (Unix ms) falls in, seen at `now`, by the
/// local calendar.
DayGroup day_group(std::int64_t updated_ms, const QDateTime& now);
/// "Today", "Yesterday", "Earlier".
QString day_group_name(DayGroup group);
/// How long ago, in few words: "just now", "5 min ago", "3 h ago", "yesterday", "12 Mar".
QString relative_time(std::int64_t updated_ms, const QDateTime& now);

}  // namespace tinychat::gui
