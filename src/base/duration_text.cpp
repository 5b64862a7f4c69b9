#include "base/duration_text.h"

namespace tinychat {

std::string format_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  if (ms > 1000) {
    std::string tenths = std::to_string(ms / 100);
    return tenths.substr(0, tenths.size() - 1) + "." + tenths.back() + " s";
  }
  return std::to_string(ms) + " ms";
}

}  // namespace tinychat
