#include "completion_words.h"

#include <algorithm>

#include "tinychat/model_catalog.h"
#include "tinychat/provider_registry.h"

namespace tinychat::cli {

std::vector<std::string> provider_words() {
  std::vector<std::string> words;
  for (const BuiltinProvider& provider : builtin_providers()) words.emplace_back(provider.name);
  return words;
}

std::vector<std::string> model_words() {
  std::vector<std::string> words;
  for (const BuiltinProvider& provider : builtin_providers()) {
    for (const CatalogModel& model : catalog_models(provider.name)) {
      if (std::find(words.begin(), words.end(), model.id) == words.end())
        words.emplace_back(model.id);
    }
  }
  return words;
}

std::string brief(const std::string& description) {
  std::size_t end = description.size();
  for (const char* stop : {"; ", " (", ", e.g."}) end = std::min(end, description.find(stop));
  std::string text = description.substr(0, end);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : separator) + word;
  return text;
}

}  // namespace tinychat::cli
