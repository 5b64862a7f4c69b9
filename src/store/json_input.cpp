#include "json_input.h"

#include <cmath>

#include "import_support.h"

namespace tinychat::store {

Error parse_json(std::string_view text, Json& out) {
  try {
    out = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // nlohmann's message, without its "[json.exception.parse_error.101] parse error at line 3,
    // column 7: " prefix, which the position replaces.
    std::string what = e.what();
    if (const auto colon = what.find(": "); colon != std::string::npos) what.erase(0, colon + 2);
    if (const auto last_read = what.find("; last read:"); last_read != std::string::npos)
      what.erase(last_read);
    const std::size_t offset = e.byte == 0 ? 0 : e.byte - 1;
    return import_error("not valid JSON: " + line_and_column(text, offset) + ": " + what);
  } catch (const Json::exception& e) {
    return import_error(std::string("not valid JSON: ") + e.what());
  }
  return {};
}

JsonFields::JsonFields(const Json& object, std::string where)
    : object_(object), where_(std::move(where)) {
  if (!object_.is_object())
    throw BadInput((where_.empty() ? "the document" : where_) + " must be a JSON object ({...})");
}

const Json* JsonFields::find(std::string_view key) const {
  const auto found = object_.find(key);
  return found == object_.end() || found->is_null() ? nullptr : &*found;
}

std::string JsonFields::path(std::string_view key) const {
  std::string out = where_;
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

void JsonFields::wrong(std::string_view key, std::string_view expected) const {
  std::string message = path(key);
  message += " must be ";
  message += expected;
  throw BadInput(message);
}

std::string JsonFields::text(std::string_view key, std::string fallback) const {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_string()) wrong(key, "a string");
  return value->get<std::string>();
}

std::int64_t JsonFields::integer(std::string_view key, std::int64_t fallback) const {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (value->is_number_integer()) return value->get<std::int64_t>();
  if (value->is_number_float()) {
    const double number = value->get<double>();
    // Within ±2^53: larger doubles are not whole numbers one can trust, and a cast would be UB.
    if (number > -9007199254740992.0 && number < 9007199254740992.0 && std::trunc(number) == number)
      return static_cast<std::int64_t>(number);
  }
  wrong(key, "a whole number");
}

std::optional<double> JsonFields::number(std::string_view key) const {
  const Json* value = find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) wrong(key, "a number");
  return value->get<double>();
}

const Json& JsonFields::array(std::string_view key) const {
  const Json* value = find(key);
  if (value == nullptr || !value->is_array()) wrong(key, "a list ([...])");
  return *value;
}

const Json& JsonFields::object(std::string_view key) const {
  const Json* value = find(key);
  if (value == nullptr || !value->is_object()) wrong(key, "an object ({...})");
  return *value;
}

}  // namespace tinychat::store
