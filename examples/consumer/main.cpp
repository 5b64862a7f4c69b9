#include <tinychat/tinychat.h>

#include <iostream>

int main() {
  auto chat = tinychat::open_chat("gpt-4o");  // provider, base URL and key from env and config
  if (!chat) {
    std::cerr << chat.error().message << "\n";  // e.g. which variable to set for the key
    return 2;
  }
  auto result = chat->ask("Explain futures in one paragraph",
                          [](std::string_view text) { std::cout << text << std::flush; });
  std::cout << "\n";
  if (result.error) std::cerr << result.error.message << "\n";
  return result.error ? 1 : 0;
}
