#pragma once

#include <QString>
#include <string_view>

namespace tinychat::gui {

/// libtinychat's UTF-8 text (a string or a view of one) as a QString.
inline QString to_qstring(std::string_view utf8) {
  return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
}

}  // namespace tinychat::gui
