#include <utility>

#include "tinychat/open_chat.h"

namespace tinychat {

Chat::Chat(std::unique_ptr<ChatSession> session) : session_(std::move(session)) {}

TurnResult Chat::ask(std::string prompt, std::function<void(std::string_view text)> on_text) {
  DeltaCallback on_deltas;
  if (on_text) {
    on_deltas = [&on_text](std::span<const Delta> deltas) {
      for (const Delta& delta : deltas)
        if (delta.kind == DeltaKind::text) on_text(delta.text);
    };
  }
  // get() returns only after the last callback has run, so capturing by reference is safe.
  return session_->stream_response(std::move(prompt), std::move(on_deltas)).get();
}

}  // namespace tinychat
