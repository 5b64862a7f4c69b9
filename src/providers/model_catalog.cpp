#include "tinychat/model_catalog.h"

#include <array>

namespace tinychat {

namespace {

// Context windows as the providers documented them (2025); 0 where not known to us.
// The original offered GPT-4o, Claude 3.5 Sonnet, Mistral Large, Llama 3.1 (Together),
// Gemini 1.5 Pro and Command R. Each list now leads with the current generation and keeps the
// widely used previous one; aliases (-latest) where a provider offers them, so the entry keeps
// working when the provider moves the alias on.
constexpr std::array kOpenAI{
    CatalogModel{"gpt-5.4", "GPT-5.4"},
    CatalogModel{"gpt-5.4-mini", "GPT-5.4 mini"},
    CatalogModel{"gpt-5", "GPT-5", 400000},
    CatalogModel{"gpt-5-mini", "GPT-5 mini", 400000},
    CatalogModel{"gpt-4.1", "GPT-4.1", 1047576},
    CatalogModel{"gpt-4o", "GPT-4o", 128000},
    CatalogModel{"o3", "o3", 200000},
    CatalogModel{"o4-mini", "o4-mini", 200000},
};
constexpr std::array kAnthropic{
    CatalogModel{"claude-opus-4-6", "Claude Opus 4.6", 200000},
    CatalogModel{"claude-sonnet-4-6", "Claude Sonnet 4.6", 200000},
    CatalogModel{"claude-haiku-4-5", "Claude Haiku 4.5", 200000},
    CatalogModel{"claude-sonnet-4-5", "Claude Sonnet 4.5", 200000},
    CatalogModel{"claude-opus-4-5", "Claude Opus 4.5", 200000},
};
constexpr std::array kMistral{
    CatalogModel{"mistral-large-latest", "Mistral Large", 131072},
    CatalogModel{"mistral-medium-latest", "Mistral Medium", 131072},
    CatalogModel{"mistral-small-latest", "Mistral Small", 131072},
    CatalogModel{"magistral-medium-latest", "Magistral Medium", 40960},
    CatalogModel{"codestral-latest", "Codestral", 262144},
    CatalogModel{"ministral-8b-latest", "Ministral 8B", 131072},
};
constexpr std::array kTogether{
    CatalogModel{"meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "Llama 4 Maverick", 1048576},
    CatalogModel{"meta-llama/Llama-3.3-70B-Instruct-Turbo", "Llama 3.3 70B Turbo", 131072},
    CatalogModel{"meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", "Llama 3.1 405B Turbo", 130815},
    CatalogModel{"deepseek-ai/DeepSeek-V3", "DeepSeek V3", 131072},
    CatalogModel{"deepseek-ai/DeepSeek-R1", "DeepSeek R1", 163840},
    CatalogModel{"openai/gpt-oss-120b", "gpt-oss 120B", 131072},
};
constexpr std::array kGemini{
    CatalogModel{"gemini-3.1-pro-preview", "Gemini 3.1 Pro (preview)"},
    CatalogModel{"gemini-3.6-flash", "Gemini 3.6 Flash"},
    CatalogModel{"gemini-3.1-flash-lite", "Gemini 3.1 Flash-Lite"},
    CatalogModel{"gemini-2.5-pro", "Gemini 2.5 Pro", 1048576},
    CatalogModel{"gemini-2.5-flash", "Gemini 2.5 Flash", 1048576},
};
constexpr std::array kCohere{
    CatalogModel{"command-a-03-2025", "Command A", 256000},
    CatalogModel{"command-a-reasoning-08-2025", "Command A Reasoning", 256000},
    CatalogModel{"command-r-plus-08-2024", "Command R+", 128000},
    CatalogModel{"command-r-08-2024", "Command R", 128000},
    CatalogModel{"command-r7b-12-2024", "Command R7B", 128000},
};

}  // namespace

std::span<const CatalogModel> catalog_models(std::string_view provider) {
  if (provider == "openai") return kOpenAI;
  if (provider == "anthropic") return kAnthropic;
  if (provider == "mistral") return kMistral;
  if (provider == "together") return kTogether;
  if (provider == "gemini") return kGemini;
  if (provider == "cohere") return kCohere;
  return {};
}

std::int64_t context_window(std::string_view model) {
  for (std::string_view provider :
       {"openai", "anthropic", "mistral", "together", "gemini", "cohere"}) {
    for (const CatalogModel& entry : catalog_models(provider)) {
      if (entry.id == model) return entry.context_tokens;
    }
  }
  return 0;
}

}  // namespace tinychat
