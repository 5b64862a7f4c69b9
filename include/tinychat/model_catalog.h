#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "tinychat/visibility.h"

namespace tinychat {

/// A model tinychat suggests out of the box.
struct CatalogModel {
  std::string_view id;     ///< What goes in a request's "model".
  std::string_view label;  ///< A name for people ("Claude Sonnet 4.6").
  /// The context window in tokens (prompt and answer together), 0 where not known.
  std::int64_t context_tokens = 0;
};

/// The models suggested for a built-in provider ("openai", "anthropic", ...), most capable
/// first; empty for any other name. A snapshot (see the README for its date): the GUI adds each
/// provider's live list from its list-models endpoint where a key is set.
TINYCHAT_API std::span<const CatalogModel> catalog_models(std::string_view provider);

/// The context window of a catalog model (any provider's) in tokens, 0 when not known.
TINYCHAT_API std::int64_t context_window(std::string_view model);

}  // namespace tinychat
