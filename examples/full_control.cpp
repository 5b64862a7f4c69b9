#include <tinychat/tinychat.h>

#include <iostream>

int main() {
  using namespace tinychat;
  const std::filesystem::path config_path = default_config_path();
  Settings settings;  // the config file: keys, endpoints, defaults
  ProviderChoice choice;
  choice.model = "gpt-4o";  // and .provider, .base_url: "" to infer them
  ResolvedProvider target;  // provider, base URL and key for the model
  Error e = load_settings(config_path, settings);
  if (!e) e = resolve_provider(choice, settings, process_environment(), config_path, target);
  if (e) {
    std::cerr << e.message << "\n";
    return 2;
  }
  RequestOptions options;
  options.model = target.model;
  options.temperature = 0.2;
  ChatSession chat(std::make_shared<CurlSession>(), make_provider(target.config), options);
  PendingReply reply = chat.stream_response("Explain futures in one paragraph", [](auto deltas) {
    for (const Delta& d : deltas) {
      if (d.kind == DeltaKind::text) std::cout << d.text << std::flush;
      if (d.kind == DeltaKind::reasoning) std::cerr << d.text;  // the model's thinking, apart
    }
  });
  TurnResult result = reply.get();  // the history now holds the turn, even if it failed
  std::cout << "\n";
  if (result.error) std::cerr << result.error.message << "\n";
  return result.error ? 1 : 0;
}
