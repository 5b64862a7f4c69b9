#include "compare_pick.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace tinychat::cli {

Error pick_answer(const std::string& pick, Continuation& continuation) {
  const std::string& leaf = continuation.conversation.current_leaf_id;
  std::vector<StoredMessage> siblings;
  if (!leaf.empty()) {
    if (Error error = continuation.store->siblings(leaf, siblings)) return error;
  }
  std::erase_if(siblings, [](const StoredMessage& m) { return m.role != Role::assistant; });
  if (siblings.empty()) {
    return Error(ErrorCode::invalid_argument,
                 "--pick: the conversation's latest prompt has no answers to pick from");
  }
  const StoredMessage* picked = nullptr;
  if (!pick.empty() && std::ranges::all_of(pick, [](char c) { return std::isdigit(c & 0xff); })) {
    const std::size_t place = pick.size() > 6 ? 0 : std::stoul(pick);
    if (place >= 1 && place <= siblings.size()) picked = &siblings[place - 1];
  } else {
    const auto it = std::ranges::find(siblings, pick, &StoredMessage::model);
    if (it != siblings.end()) picked = &*it;
  }
  if (picked == nullptr) {
    std::string names;
    for (std::size_t i = 0; i < siblings.size(); ++i) {
      names += (i > 0 ? ", " : "") + std::to_string(i + 1) + " " + siblings[i].model;
    }
    return Error(
        ErrorCode::invalid_argument,
        "--pick " + pick + ": no such answer to the latest prompt (there are: " + names + ")");
  }
  if (Error error =
          continuation.store->set_current_leaf(continuation.conversation.id, picked->id)) {
    return error;
  }
  continuation.conversation.current_leaf_id = picked->id;
  continuation.provider = picked->provider;
  continuation.model = picked->model;
  continuation.base_url = picked->base_url;
  return Error();
}

}  // namespace tinychat::cli
