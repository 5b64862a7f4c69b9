#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tinychat/error.h"

namespace tinychat::store {

using Json = nlohmann::json;

/// What an import file holds that does not fit its format, said where ("tree[3].role"). The
/// readers throw it from deep inside a document and turn it into one Error at the top.
class BadInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses `text`, or returns why not with the line and column ("not valid JSON: line 3,
/// column 7: syntax error ...").
Error parse_json(std::string_view text, Json& out);

/// Fields of a JSON object with their type checked; `where` names the object in messages.
class JsonFields {
 public:
  JsonFields(const Json& object, std::string where);

  const Json* find(std::string_view key) const;
  /// A string; `fallback` when missing or null. Another type is BadInput.
  std::string text(std::string_view key, std::string fallback = {}) const;
  /// A whole number; `fallback` when missing or null.
  std::int64_t integer(std::string_view key, std::int64_t fallback = 0) const;
  /// A number; nullopt when missing or null.
  std::optional<double> number(std::string_view key) const;
  /// A field that must be there with the given type.
  const Json& array(std::string_view key) const;
  const Json& object(std::string_view key) const;

  /// "where.key", for nested objects' messages.
  std::string path(std::string_view key) const;

 private:
  [[noreturn]] void wrong(std::string_view key, std::string_view expected) const;
  const Json& object_;
  std::string where_;
};

}  // namespace tinychat::store
