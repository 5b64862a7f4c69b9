#pragma once

#include <mutex>
#include <span>
#include <string>

#include "tinychat/delta.h"

namespace tinychat::gui {

/// Hands a streaming reply from the HTTP thread to the GUI thread. The HTTP thread appends the
/// pieces of each network read; the GUI thread takes everything that has piled up at once. Only
/// the read that finds the feed empty asks for a wake-up, so a fast stream costs the GUI one
/// event per drain rather than one per network read.
class ReplyFeed {
 public:
  struct Batch {
    std::string text;
    std::string reasoning;
  };

  /// From the HTTP thread. Returns true when the GUI thread must be woken to take().
  bool push(std::span<const Delta> deltas);
  /// From the GUI thread: everything pushed since the last take().
  Batch take();

 private:
  std::mutex mutex_;
  Batch pending_;
};

}  // namespace tinychat::gui
