#pragma once

#include <span>
#include <string_view>

#include "tinychat/visibility.h"

namespace tinychat {

/// A model tinychat suggests out of the box.
struct CatalogModel {
  std::string_view id;     ///< What goes in a request's "model".
  std::string_view label;  ///< A name for people ("Claude Sonnet 4.6").
};

/// The models suggested for a built-in provider ("openai", "anthropic", ...), most capable
/// first; empty for any other name. A snapshot (see the README for its date): the GUI adds each
/// provider's live list from its list-models endpoint where a key is set.
TINYCHAT_API std::span<const CatalogModel> catalog_models(std::string_view provider);

}  // namespace tinychat
