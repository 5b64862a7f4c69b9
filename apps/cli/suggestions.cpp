#include "suggestions.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <vector>

namespace tinychat::cli {

namespace {

// Damerau-Levenshtein distance (optimal string alignment): "lgo" is one edit from "log".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

// The unexpected words of "The following argument(s) was/were not expected: a b".
std::vector<std::string> unexpected_words(const std::string& message) {
  std::vector<std::string> words;
  const std::size_t colon = message.find(": ");
  if (colon == std::string::npos) return words;
  std::string rest = message.substr(colon + 2);
  for (std::size_t start = 0; start < rest.size();) {
    const std::size_t end = std::min(rest.find(' ', start), rest.size());
    if (end > start) words.push_back(rest.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

}  // namespace

std::string closest_name(std::string_view word, std::span<const std::string> candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance && distance * 2 < word.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

void use_friendly_parse_errors(CLI::App& app) {
  app.failure_message([](const CLI::App* failed, const CLI::Error& error) {
    std::string message = "tinychat: ";
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
      const std::vector<std::string> names = option_names(*failed);
      std::string words;
      for (const std::string& word : unexpected_words(error.what())) {
        words += words.empty() ? "" : ", ";
        words += word;
        if (!word.starts_with("-")) continue;
        const std::string typed = word.substr(0, word.find('='));
        if (const std::string meant = closest_name(typed, names); !meant.empty())
          words += " (did you mean " + meant + "?)";
      }
      message += "unknown option " + words;
    } else {
      message += error.what();
    }
    return message + "\nRun " + failed->get_name() + " --help for the options.\n";
  });
}

}  // namespace tinychat::cli
