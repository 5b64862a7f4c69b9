#include <tinychat/tinychat.h>

#include <iostream>

int main() {
  using namespace tinychat;
  ResolvedProvider target;  // provider, base URL and key for the model, from env and config
  if (Error e = resolve_provider({.model = "gpt-4o"}, {}, process_environment(),
                                 default_config_path(), target)) {
    std::cerr << e.message << "\n";
    return 2;
  }
  ChatSession chat(std::make_shared<CurlSession>(), make_provider(target.config),
                   {.model = target.model});
  PendingReply reply = chat.stream_response("Explain futures in one paragraph", [](auto deltas) {
    for (const Delta& d : deltas)
      std::cout << (d.kind == DeltaKind::text ? d.text : "") << std::flush;
  });
  TurnResult result = reply.get();  // the history now holds the turn, even if it failed
  if (result.error) std::cerr << "\n" << result.error.message << "\n";
  return result.error ? 1 : 0;
}
