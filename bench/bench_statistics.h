#pragma once
// The statistics the bench programs report.
#include <algorithm>
#include <vector>

namespace tinychat::bench {

/// The middle value (the upper one of an even count); 0 for none.
inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/// The arithmetic mean; 0 for none.
inline double mean(const std::vector<double>& values) {
  double sum = 0;
  for (const double value : values) sum += value;
  return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

}  // namespace tinychat::bench
