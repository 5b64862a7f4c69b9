#pragma once

#include <string>
#include <vector>

namespace tinychat::cli {

/// What the shell completions offer beside the options: the built-in providers' names, in
/// --help's order.
std::vector<std::string> provider_words();
/// Every model of tinychat's catalog, provider by provider.
std::vector<std::string> model_words();

/// The start of an option's help text, up to its first "; ", " (" or ", e.g.": what fits beside
/// the option in a completion menu ("Model, e.g. gpt-4o, ..." gives "Model").
std::string brief(const std::string& description);

std::string join(const std::vector<std::string>& words, const std::string& separator = " ");

}  // namespace tinychat::cli
