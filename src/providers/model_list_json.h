#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/error.h"
#include "tinychat/http_types.h"
#include "tinychat/model_list.h"
#include "tinychat/provider.h"

namespace tinychat::providers {

/// A GET of `url` that asks for JSON. The caller adds the key header, as its chat request does.
HttpRequest models_get(std::string url);

/// How one provider lays out its list of models, and which entries are chat models. The list is
/// not a hot path, so it is read with nlohmann-json.
struct ModelListShape {
  /// The field of the top-level object that holds the array ("data", "models"); empty when the
  /// body is a bare array (Together).
  std::string_view array_key = "data";
  /// A missing array is an empty list (Google's JSON leaves out empty repeated fields).
  bool array_may_be_missing = false;
  std::string_view id_key = "id";     ///< The entry's string field that becomes ModelInfo::id.
  std::string_view id_prefix;         ///< Removed from the start of the id ("models/"), if there.
  std::string_view display_name_key;  ///< Empty: the provider gives no human name.
  /// Whether an entry (a JSON object) is a chat model; null keeps every entry.
  bool (*is_chat_model)(const nlohmann::json& entry, std::string_view id) = nullptr;
};

/// Reads the models of a 2xx list body laid out as `shape` says into `out` (cleared first):
/// the provider's order, duplicates and non-chat models left out. ErrorCode::malformed_stream,
/// with `out` empty, when the body is not that JSON: the message names `config.name`, quotes
/// at most a short start of the body and never the key.
Error read_model_list(std::string_view body, const ProviderConfig& config,
                      const ModelListShape& shape, std::vector<ModelInfo>& out);

/// Whether `entry[key]` is a boolean false (a missing or odd value is not).
bool is_false(const nlohmann::json& entry, std::string_view key);

/// Whether `entry[key]` is an array holding the string `value`.
bool array_contains(const nlohmann::json& entry, std::string_view key, std::string_view value);

}  // namespace tinychat::providers
