#pragma once

#include <span>
#include <string>
#include <vector>

#include "tinychat/chat_session.h"

namespace tinychat::testing {

/// Records what a chat session streams: each text piece, the whole text, and how many deltas
/// each batch (network read) carried.
struct CollectedDeltas {
  std::vector<std::string> pieces;
  std::string text;
  std::vector<std::size_t> batch_sizes;

  DeltaCallback callback() {
    return [this](std::span<const Delta> deltas) {
      batch_sizes.push_back(deltas.size());
      for (const Delta& d : deltas) {
        if (d.kind != DeltaKind::text) continue;
        pieces.push_back(d.text);
        text += d.text;
      }
    };
  }
};

}  // namespace tinychat::testing
