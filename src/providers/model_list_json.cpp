#include "model_list_json.h"

#include <unordered_set>

#include "json_body.h"
#include "text_util.h"

namespace tinychat::providers {

namespace {

// Enough of the body to tell an HTML error page or a wrong endpoint from JSON.
constexpr std::size_t kMaxBodyQuote = 60;

// The start of `body` on one line (control characters and runs of white space become one
// space), redacted and cut short.
std::string body_quote(std::string_view body, std::string_view api_key) {
  std::string folded;
  bool space = false;
  for (char c : body) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) {
      space = !folded.empty();
      continue;
    }
    if (space) folded += ' ';
    space = false;
    folded += c;
    // Enough for excerpt() to cut, with room for a whole key to be found and redacted.
    if (folded.size() > 2 * kMaxBodyQuote + api_key.size()) break;
  }
  return excerpt(folded, api_key, kMaxBodyQuote);
}

Error shape_error(const ProviderConfig& config, std::string_view what) {
  std::string message =
      "The model list from " + config.name + " is not the JSON its API documents: ";
  message += what;
  return Error(ErrorCode::malformed_stream, redact(std::move(message), config.api_key));
}

// Appended rather than "\"" + key: GCC 12 at -O3 warns falsely on the latter (its bug 105651).
std::string quoted(std::string_view key) {
  std::string out = "\"";
  out += key;
  out += '"';
  return out;
}

// The array of entries, or null (and `error` set) when the body does not hold one.
const nlohmann::json* entries_of(const nlohmann::json& json, const ModelListShape& shape,
                                 const ProviderConfig& config, Error& error) {
  static const nlohmann::json kNoEntries = nlohmann::json::array();
  if (shape.array_key.empty()) {
    if (json.is_array()) return &json;
    error = shape_error(config, "it is not an array");
    return nullptr;
  }
  if (!json.is_object()) {
    error = shape_error(config, "it is not an object with a " + quoted(shape.array_key) + " array");
    return nullptr;
  }
  const auto found = json.find(shape.array_key);
  if (found == json.end() && shape.array_may_be_missing) return &kNoEntries;
  if (found == json.end() || !found->is_array()) {
    error = shape_error(config, "it has no " + quoted(shape.array_key) + " array");
    return nullptr;
  }
  return &*found;
}

}  // namespace

HttpRequest models_get(std::string url) {
  HttpRequest request;
  request.method = "GET";
  request.url = std::move(url);
  request.headers.push_back({"Accept", "application/json"});
  return request;
}

Error read_model_list(std::string_view body, const ProviderConfig& config,
                      const ModelListShape& shape, std::vector<ModelInfo>& out) {
  out.clear();
  const nlohmann::json json = parse_lenient(body);
  if (json.is_discarded()) {
    // nlohmann's own message quotes the bytes it choked on, which may be part of a key: only
    // the redacted start of the body is shown.
    return shape_error(config, body.empty() ? std::string("the body is empty")
                                            : "it is not JSON (it starts \"" +
                                                  body_quote(body, config.api_key) + "\")");
  }
  Error error;
  const nlohmann::json* entries = entries_of(json, shape, config, error);
  if (entries == nullptr) return error;

  std::unordered_set<std::string> seen;
  for (std::size_t index = 0; index < entries->size(); ++index) {
    const nlohmann::json& entry = (*entries)[index];
    std::string id = string_at(entry, {shape.id_key});
    if (id.empty()) {
      out.clear();
      return shape_error(
          config, "entry " + std::to_string(index) + " has no " + quoted(shape.id_key) + " string");
    }
    if (!shape.id_prefix.empty() && std::string_view(id).starts_with(shape.id_prefix)) {
      id.erase(0, shape.id_prefix.size());
      if (id.empty()) continue;  // nothing a request could name
    }
    if (shape.is_chat_model != nullptr && !shape.is_chat_model(entry, id)) continue;
    if (!seen.insert(id).second) continue;
    std::string display_name =
        shape.display_name_key.empty() ? std::string() : string_at(entry, {shape.display_name_key});
    out.push_back({std::move(id), std::move(display_name)});
  }
  return {};
}

bool is_false(const nlohmann::json& entry, std::string_view key) {
  if (!entry.is_object()) return false;
  const auto found = entry.find(key);
  return found != entry.end() && found->is_boolean() && !found->get<bool>();
}

bool array_contains(const nlohmann::json& entry, std::string_view key, std::string_view value) {
  if (!entry.is_object()) return false;
  const auto found = entry.find(key);
  if (found == entry.end() || !found->is_array()) return false;
  for (const nlohmann::json& item : *found) {
    if (item.is_string() && item.get_ref<const std::string&>() == value) return true;
  }
  return false;
}

}  // namespace tinychat::providers
